#if canImport(Glibc)
import Glibc
#endif
import StrictJSON
import SupportGateCore

/// The daemon's idempotency check: the result files themselves. A draft id is
/// decided when `accepted/ID.json` or `rejected/ID.json` exists; its `draftSha256`
/// says from which bytes. Nothing is held in memory beyond the current batch and a
/// filter of fixed size that spares most lookups, so memory stays flat however many
/// drafts were ever decided.
struct SpoolHistory: DecisionHistory {
    let accepted: DirectoryHandle
    let rejected: DirectoryHandle
    /// Decided in this batch, not yet on disk; and in the batch before, which may still
    /// be being committed while this one is prepared.
    private var pending = DraftLedger()
    private var previous = DraftLedger()
    private var filter = ResultNameFilter()

    init(accepted: DirectoryHandle, rejected: DirectoryHandle) {
        self.accepted = accepted
        self.rejected = rejected
    }

    static func resultName(draftId: String) -> FileName {
        FileName("\(draftId).json")
    }

    /// `ID.json` for a decision that uses up the id. A draft rejected before its id
    /// could be trusted (rule 1) gets `ID.invalid-<sha>.json`, or `ID.unreadable-<number>.json`
    /// when not even its bytes could be read, or `ID.refused-<number>.json` when it was not
    /// read because its owner's queue was over the cap; a duplicate gets `ID.dup-<sha>.json`.
    static func resultName(for result: DecisionResult, claim: FileName) -> FileName {
        if result.decision.errors.contains(where: { $0.code == .draftDuplicate }), let digest = result.draftDigest {
            return duplicateName(draftId: result.draftId, digest: digest)
        }
        if result.decision.isRejectedBeforeParsing {
            let number = String(decoding: claim.bytes.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }, as: UTF8.self)
            if result.decision.errors.contains(where: { $0.code == .submitterQueueFull }) {
                return FileName("\(result.draftId).refused-\(number).json")
            }
            if let digest = result.draftDigest {
                return FileName("\(result.draftId).invalid-\(SHA256.hex(digest).prefix(16)).json")
            }
            return FileName("\(result.draftId).unreadable-\(number).json")
        }
        return resultName(draftId: result.draftId)
    }

    /// Where a `DRAFT_DUPLICATE` for these bytes is written: beside the first result, never over it.
    static func duplicateName(draftId: String, digest: [UInt8]) -> FileName {
        FileName("\(draftId).dup-\(SHA256.hex(digest).prefix(16)).json")
    }

    func prior(draftId: String, digest: [UInt8]) -> PriorDecision {
        for ledger in [pending, previous] {
            let known = ledger.prior(draftId: draftId, digest: digest)
            if case .none = known {} else { return known }
        }
        let name = Self.resultName(draftId: draftId)
        guard filter.mayContain(name) else { return .none }
        for folder in [accepted, rejected] {
            guard let recorded = Self.recordedDigest(in: folder, name: name) else { continue }
            if recorded == SHA256.hex(digest) || rejected.exists(Self.duplicateName(draftId: draftId, digest: digest)) {
                return .sameContent(nil)
            }
            return .differentContent
        }
        return .none
    }

    mutating func record(_ result: DecisionResult) {
        pending.record(result)
        filter.insert(Self.resultName(draftId: result.draftId))
    }

    /// Fills the filter from the result folders; only while this gate holds the spool
    /// lock (no other gate writes results then), before any draft is decided.
    mutating func loadFilter() -> Bool {
        filter.load(from: [accepted, rejected])
    }

    /// A new batch: the one before it is committing; the one before that is on disk.
    mutating func startBatch() {
        previous = pending
        pending = DraftLedger()
    }

    /// After a failed commit nothing in memory is known to be on disk.
    mutating func forgetPending() {
        previous = DraftLedger()
        pending = DraftLedger()
    }

    /// The `draftSha256` of an existing result file, or nil when there is none.
    private static func recordedDigest(in folder: DirectoryHandle, name: FileName) -> String? {
        let descriptor = folder.openEntry(name)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        guard case .success(let file) = DraftFileReader.read(descriptor: descriptor, maxBytes: 16 * 1024 * 1024),
              let object = try? JSONParser.parseObject(file.bytes) else {
            return ""  // a result is there but unreadable: treat as different content, never overwrite it
        }
        return object["draftSha256"]?.stringValue ?? ""
    }
}
