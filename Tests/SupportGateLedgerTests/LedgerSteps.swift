@testable import SupportGateLedger

/// Accepted drafts as the tests record them, and the steps a gate takes to record one
/// (SupportGateCommit's AcceptanceBook does the same, batch by batch).
enum LedgerSteps {
    enum Outcome: Equatable {
        /// Recorded, consuming an incident when it names an entitlement: what is left (nil: unlimited).
        case recorded(left: Int?)
        /// The id was accepted already: the row found.
        case found(decisionId: String)
        /// The allowance is used up: nothing recorded.
        case exhausted
    }

    static func draft(_ draftId: String, partner: String = "p1", sha: String = "aa", uid: UInt32? = 1001,
                      entitlement: String? = "premier-1", decidedAt: String = "2026-12-01T12:00:00Z") -> AcceptedDraft {
        AcceptedDraft(partnerTenantId: partner, draftId: draftId, submitterUID: uid, draftSha256: sha,
                      decisionId: "decision-\(partner)-\(draftId)-\(sha)", decidedAt: decidedAt, entitlementId: entitlement,
                      gate: "host:/spool/", result: Array("{\"decision\":\"accept\",\"draftId\":\"\(draftId)\"}".utf8))
    }

    /// One draft's steps in `transaction`: look its id up (locked), lock the counter,
    /// record it and count it when the allowance has room.
    static func accept(_ draft: AcceptedDraft, allowance: Int?, in transaction: any LedgerTransaction) throws(LedgerError) -> Outcome {
        if let found = try transaction.acceptedDrafts([draft.key])[draft.key] { return .found(decisionId: found.decisionId) }
        guard let counted = draft.counted else {
            try transaction.insert([draft])
            return .recorded(left: nil)
        }
        let used = try transaction.lockCounts([counted])[counted] ?? 0
        if let allowance, used >= allowance { return .exhausted }
        try transaction.insert([draft])
        try transaction.addToCounts([counted: 1])
        return .recorded(left: allowance.map { $0 - used - 1 })
    }

    static func accept(_ draft: AcceptedDraft, allowance: Int?, in ledger: any IncidentLedger) throws(LedgerError) -> Outcome {
        try ledger.transaction { (transaction) throws(LedgerError) in try accept(draft, allowance: allowance, in: transaction) }
    }

    static func inUse(_ ledger: any IncidentLedger, partner: String = "p1", entitlement: String = "premier-1") throws(LedgerError) -> Int {
        try ledger.inUse(partner: partner)[entitlement] ?? 0
    }
}
