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

    /// Where the result that uses up `key` is, relative to accepted/ or rejected/.
    static func resultPath(_ key: DraftKey) -> FileName {
        FileName("\(key.partner)/\(key.draftId).json")
    }

    /// The result's name on its shelf (ResultShelf): `ID.json` for a decision that uses up
    /// the id. A draft rejected before its id could be trusted gets `ID.invalid-<sha>.json`
    /// (rule 1), `ID.unreadable-<number>.json` when not even its bytes could be read,
    /// `ID.refused-<number>.json` when it was not read because its owner's queue was over
    /// the cap, or `ID.unauthorized-<sha>.json` when its submitter may not act for the
    /// partner it names; a duplicate gets `ID.dup-<sha>-u<uid>.json`.
    static func resultName(for result: DecisionResult, claim: FileName) -> FileName {
        if result.decision.errors.contains(where: { $0.code == .draftDuplicate }), let digest = result.draftDigest {
            return duplicateName(draftId: result.draftId, digest: digest, submitterUID: result.submitterUID)
        }
        if result.trustedPartner == nil {
            let number = ClaimName.number(of: claim)
            if result.decision.errors.contains(where: { $0.code == .submitterQueueFull }) {
                return FileName("\(result.draftId).refused-\(number).json")
            }
            guard let digest = result.draftDigest else {
                return FileName("\(result.draftId).unreadable-\(number).json")
            }
            let kind = result.decision.isRejectedBeforeParsing ? "invalid" : "unauthorized"
            return FileName("\(result.draftId).\(kind)-\(SHA256.hex(digest).prefix(16)).json")
        }
        return FileName("\(result.draftId).json")
    }

    /// Where a `DRAFT_DUPLICATE` for these bytes from this submitter is written: beside the
    /// first result, never over it.
    static func duplicateName(draftId: String, digest: [UInt8], submitterUID: UInt32?) -> FileName {
        FileName("\(draftId).dup-\(SHA256.hex(digest).prefix(16))\(submitterUID.map { "-u\($0)" } ?? "").json")
    }

    func prior(_ key: DraftKey, digest: [UInt8], submitterUID: UInt32?) -> PriorDecision {
        for ledger in [pending, previous] {
            let known = ledger.prior(key, digest: digest, submitterUID: submitterUID)
            if case .none = known {} else { return known }
        }
        let path = Self.resultPath(key)
        guard filter.mayContain(path) else { return .none }
        for folder in [accepted, rejected] {
            guard let recorded = Self.recorded(in: folder, path: path) else { continue }
            if recorded.digest == SHA256.hex(digest) {
                // A result from before submitters were recorded counts as this submitter's.
                return recorded.submitterUID == nil || recorded.submitterUID == submitterUID ? .sameContent(nil) : .otherSubmitter
            }
            let duplicate = FileName("\(key.partner)/\(Self.duplicateName(draftId: key.draftId, digest: digest, submitterUID: submitterUID))")
            return rejected.exists(duplicate) ? .sameContent(nil) : .differentContent
        }
        return .none
    }

    mutating func record(_ result: DecisionResult) {
        pending.record(result)
        if let key = result.draftKey { filter.insert(Self.resultPath(key)) }
    }

    /// Fills the filter from the result folders; only while this gate holds the spool
    /// lock (no other gate writes results then), before any draft is decided.
    mutating func loadFilter() -> Bool {
        filter.load(fromShelvesOf: [accepted, rejected])
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

    /// The `draftSha256` and `submitterUid` of an existing result file, or nil when there is none.
    private static func recorded(in folder: DirectoryHandle, path: FileName) -> (digest: String, submitterUID: UInt32?)? {
        let descriptor = folder.openEntry(path)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        guard case .success(let file) = DraftFileReader.read(descriptor: descriptor, maxBytes: 16 * 1024 * 1024),
              let object = try? JSONParser.parseObject(file.bytes) else {
            return ("", nil)  // a result is there but unreadable: treat as different content, never overwrite it
        }
        let uid = object["submitterUid"]?.numberValue?.int64Value.flatMap { UInt32(exactly: $0) }
        return (object["draftSha256"]?.stringValue ?? "", uid)
    }
}
