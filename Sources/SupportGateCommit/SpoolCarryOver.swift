import StrictJSON
import SupportGateLedger
import SupportGateSpool

/// At a gate's first start on a ledger of schema 2 or later, the acceptances its spool's
/// results hold are carried into the ledger: a 0.19.0 ledger kept only the drafts that used
/// an incident, without their submitter or result; the spool's accepted results say the
/// rest. Rows the ledger has keep their counts; an acceptance it lacks is recorded as
/// consuming nothing (0.19.0 counted none for it). Done once per gate (`spool_import`).
public enum SpoolCarryOver {
    public struct Report: Sendable {
        public var alreadyDone = false
        public var read = 0
        public var changed = 0
        public var complete = true
    }

    public static func run(_ committer: ResultCommitter, into ledger: any IncidentLedger, gate: GateIdentity, at instant: String) throws(LedgerError) -> Report {
        var report = Report()
        if try ledger.transaction({ (transaction) throws(LedgerError) in try transaction.spoolImported(gate: gate.name) }) != nil {
            report.alreadyDone = true
            return report
        }
        var chunk: [AcceptedDraft] = []
        var failure: LedgerError?
        func flush() {
            guard failure == nil, !chunk.isEmpty else { return }
            do {
                let drafts = chunk
                report.changed += try ledger.transaction { (transaction) throws(LedgerError) in try transaction.importAccepted(drafts) }
            } catch {
                failure = error
            }
            chunk.removeAll(keepingCapacity: true)
        }
        report.complete = committer.forEachAcceptedResult { bytes in
            guard let draft = acceptedDraft(from: bytes) else { return }
            report.read += 1
            chunk.append(draft)
            if chunk.count >= 1_000 { flush() }
        }
        flush()
        if let failure { throw failure }
        // A spool not read to the end is carried over again at the next start.
        if report.complete {
            try ledger.transaction { (transaction) throws(LedgerError) in try transaction.markSpoolImported(gate: gate.name, at: instant) }
        }
        return report
    }

    /// The ledger's row for an accepted result file; nil for anything else.
    static func acceptedDraft(from bytes: [UInt8]) -> AcceptedDraft? {
        guard let object = try? JSONParser.parseObject(bytes), object["decision"]?.stringValue == "accept",
              let partner = object["partnerTenantId"]?.stringValue, let draftId = object["draftId"]?.stringValue,
              let sha = object["draftSha256"]?.stringValue, let decisionId = object["decisionId"]?.stringValue,
              let decidedAt = object["decidedAt"]?.stringValue else { return nil }
        let uid = object["submitterUid"]?.numberValue?.int64Value.flatMap { UInt32(exactly: $0) }
        return AcceptedDraft(partnerTenantId: partner, draftId: draftId, submitterUID: uid, draftSha256: sha, decisionId: decisionId,
                             decidedAt: decidedAt, entitlementId: nil, gate: nil, result: StoredResult.recorded(object))
    }
}
