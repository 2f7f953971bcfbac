#if canImport(Glibc)
import Glibc
#endif
import BusinessCalendar
import SupportGateCore
import SupportGateLedger

extension ResultCommitter {
    /// The ledger's step of a commit, before any result is written: in one transaction,
    /// each acceptance that uses an incident records its consumption. The ledger has the
    /// last word: when the entitlement is used up the draft is decided again with the
    /// ledger's counts (it may fall to another entitlement of the same kind, or be
    /// rejected `ENTITLEMENT_EXHAUSTED`), and a draft id that used an incident before for
    /// other bytes is a `DRAFT_DUPLICATE`. Every result says how many incidents are left.
    ///
    /// The order is ledger commit, then results: a crash between the two leaves the draft
    /// in processing/ and its consumption in the ledger under the draft's claim name. The
    /// draft is then decided again; an acceptance finds its own consumption (nothing counted
    /// twice), anything else removes it (`forget`). Claims from an earlier run, and those of
    /// a batch whose commit failed, are the only ones that can have one.
    func settleIncidents(_ items: inout [PreparedDraft], _ range: Range<Int>) throws(SpoolError) {
        guard let ledger else { return }
        let involved = range.filter { items[$0].ledgerInput != nil || (items[$0].result?.draftKey != nil && mayHaveOrphan(items[$0].claim)) }
        guard !involved.isEmpty else { return }
        do {
            try ledger.transaction { (transaction) throws(LedgerError) in
                for index in involved {
                    try settle(&items[index], in: transaction)
                }
            }
        } catch {
            throw SpoolError("cannot record incidents in the ledger: \(error.message)", path: error.path,
                             errno: error.isResourceExhausted ? ENOSPC : error.isBusy ? EBUSY : EIO)
        }
    }

    /// A draft claimed by an earlier run of the gate, or in a batch whose commit failed.
    func mayHaveOrphan(_ claim: FileName) -> Bool {
        if unsettledClaims.contains(claim) { return true }
        guard let number = UInt64(ClaimName.number(of: claim)) else { return true }
        return number < firstClaimOfThisRun
    }

    private func settle(_ item: inout PreparedDraft, in transaction: any LedgerTransaction) throws(LedgerError) {
        guard var result = item.result, let key = result.draftKey else { return }
        // Each turn either settles the draft or decides it again without the entitlement
        // that was used up: at most one turn per entitlement the partner has.
        var turns = 0
        while let incident = result.decision.incident, let input = item.ledgerInput, let digest = result.draftSHA256 {
            let partner = input.evaluator.engine.directory.partners[key.partner]
            let allowance = partner?.entitlements.first { $0.id == incident.entitlementId }?.incidents
            let consumption = Consumption(partnerTenantId: key.partner.description, entitlementId: incident.entitlementId,
                                          decisionId: result.decisionId, draftId: key.draftId, draftSha256: digest,
                                          consumedAt: result.decidedAt.rfc3339, claim: item.claim.description)
            switch try transaction.consume(consumption, allowance: allowance) {
            case .consumed(let left), .alreadyConsumed(let left):
                item.replaceResult(result.settingIncidentsLeft(left))
                return
            case .idUsedForOtherBytes:
                item.replaceResult(input.evaluator.ledgerDuplicate(of: result))
                return
            case .exhausted:
                turns += 1
                let counts = RecordedIncidents([key.partner: try transaction.inUse(partner: key.partner.description)])
                var noHistory = DraftLedger()
                guard turns <= (partner?.entitlements.count ?? 0) + 1,
                      case .decided(let again) = input.evaluator.evaluate(input.bytes, fallbackDraftId: input.fallbackDraftId, submitter: input.submitter,
                                                                          at: result.decidedAt, history: &noHistory, usage: counts) else {
                    throw LedgerError("the draft was decided again and again without settling", path: transaction.location)
                }
                result = again
            }
        }
        if turns > 0 { item.replaceResult(result) }
        if mayHaveOrphan(item.claim) {
            try transaction.forget(partner: key.partner.description, draftId: key.draftId, claim: item.claim.description)
        }
    }
}
