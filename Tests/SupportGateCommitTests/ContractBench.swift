import BusinessCalendar
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import StrictJSON
import SupportGateCommit
import SupportGateConfig
import SupportGateCore
import SupportGateLedger
@testable import SupportGateSpool
import SupportGateTestKit
import Testing

/// A scratch spool driven as the daemon drives it: drafts dropped into incoming/ by chosen
/// uids (chown, as root), claimed and decided in batches, each batch settled with the
/// ledger by `LedgerCommit` before its results are renamed into place.
final class ContractBench {
    let root: String
    let location: LedgerLocation
    let ledger: any IncidentLedger
    let processor: ScratchPipeline
    let commit: LedgerCommit
    /// Each batch is decided a minute after the last: a decision id made anew differs from
    /// an earlier one's, so "the same decision id" can only come from the ledger.
    private(set) var instant = Timestamp.parseRFC3339("2026-11-24T18:00:00Z")!

    /// A spool on a ledger of its own (`kind`). `sharing` puts it on another bench's ledger,
    /// as a second gate on another spool; `spoolOf` on another bench's spool (the same gate
    /// restarted); `location` on a ledger prepared by the test.
    init(_ kind: LedgerKind, gate: LoadedGate, sharing other: ContractBench? = nil, spoolOf spool: ContractBench? = nil,
         location prepared: LedgerLocation? = nil, name: String = "gate-a") throws {
        root = spool?.root ?? FileManager.default.temporaryDirectory.appendingPathComponent("sg-contract-\(UUID().uuidString)").path
        for folder in SpoolPaths.Folder.allCases {
            try FileManager.default.createDirectory(atPath: "\(root)/\(folder.rawValue)", withIntermediateDirectories: true)
        }
        location = try prepared ?? other?.location ?? kind.fresh(in: root)
        // As the daemon opens it, with longer waits: racing gates each hold the ledger through
        // their batch's syncfs, which a host busy with other work can make take seconds.
        if location.url == nil {
            ledger = try SQLiteLedger(path: location.path, busyTimeoutMilliseconds: 60_000)
        } else {
            ledger = try #require(try location.open(.gate(deadlines: Self.patientDeadlines, whileWaiting: {})))
        }
        processor = try ScratchPipeline(paths: SpoolPaths(root: root), settings: SpoolSettings(quietMilliseconds: 0), evaluator: gate.evaluator)
        commit = LedgerCommit(ledger: ledger, gate: GateIdentity(name: "\(name):\(root)/"))
        processor.committer.settlement = commit
        ownsLedger = other == nil && prepared == nil
        ownsSpool = spool == nil
    }

    static let patientDeadlines = LedgerDeadlines(connectMilliseconds: 10_000, statementMilliseconds: 60_000, transactionMilliseconds: 60_000)

    private let ownsLedger: Bool
    private let ownsSpool: Bool

    deinit {
        if ownsLedger { LedgerKind.discard(location) }
        if ownsSpool { try? FileManager.default.removeItem(atPath: root) }
    }

    /// Another configuration from the next batch on (a reload).
    func reload(_ gate: LoadedGate) {
        processor.evaluator = gate.evaluator
    }

    /// Writes `bytes` as incoming/`name`, owned by `uid`.
    func drop(_ bytes: [UInt8], as name: String, uid: UInt32) throws {
        let path = "\(root)/incoming/\(name)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(chown(path, uid, uid) == 0)
    }

    /// Claims what incoming/ and processing/ hold and decides it as one batch, a minute
    /// after the last one.
    @discardableResult
    func run() throws -> BatchReport {
        instant = instant.adding(minutes: 1)
        let leftOver = processor.claimedDrafts(limit: 256, now: .max / 4)
        let claims = leftOver + (try processor.claimFromIncoming(limit: 256))
        return processor.process(claims, at: instant, monotonicMilliseconds: .max / 4)
    }

    /// Drops one draft and runs a batch: what it came to.
    func decide(_ bytes: [UInt8], as name: String, uid: UInt32) throws -> Verdict {
        try drop(bytes, as: name, uid: uid)
        let report = try run()
        #expect(report.fault == nil, "\(String(describing: report.fault))")
        let verdicts = report.outcomes.compactMap(Verdict.init)
        try #require(verdicts.count == 1, "one draft, one result: \(report.outcomes)")
        return verdicts[0]
    }

    /// The result file at `relative` (`accepted/<partner>/ID.json`), parsed; nil when there is none.
    func result(_ relative: String) -> JSONObject? {
        guard let bytes = FileManager.default.contents(atPath: "\(root)/\(relative)"),
              case .object(let object)? = try? JSONParser.parse(Array(bytes)) else { return nil }
        return object
    }

    func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: "\(root)/\(relative)")
    }

    func remove(_ relative: String) throws {
        try FileManager.default.removeItem(atPath: "\(root)/\(relative)")
    }

    /// Every result file, `accepted/<shelf>/<name>` or `rejected/…`.
    var results: [String] {
        ["accepted", "rejected"].flatMap { top in
            ((try? FileManager.default.subpathsOfDirectory(atPath: "\(root)/\(top)")) ?? [])
                .filter { $0.hasSuffix(".json") }.map { "\(top)/\($0)" }
        }.sorted()
    }

    var processing: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "\(root)/processing")) ?? []).filter { !$0.hasPrefix(".") }
    }

    /// Incidents in use of Contoso's entitlement.
    func inUse(_ entitlement: String = ContractGate.premier) throws -> Int {
        try ledger.inUse(partner: ContractGate.contoso)[entitlement] ?? 0
    }

    /// The ledger's row for a Contoso draft id, if any.
    func row(_ draftId: String) throws -> AcceptedDraft? {
        let key = DraftIdKey(partner: ContractGate.contoso, draftId: draftId)
        return try ledger.transaction { (transaction) throws(LedgerError) in try transaction.acceptedDrafts([key]) }[key]
    }

    /// How many rows the ledger keeps for Contoso, consuming or not.
    func rowCount(ids: [String]) throws -> Int {
        let keys = ids.map { DraftIdKey(partner: ContractGate.contoso, draftId: $0) }
        return try ledger.transaction { (transaction) throws(LedgerError) in try transaction.acceptedDrafts(keys) }.count
    }
}
