#if canImport(Glibc)
import Glibc
#endif
import BusinessCalendar
import SupportGateCore
import SupportGateLedger

extension ResultCommitter {
    /// The ledger's step of a commit: in one transaction, each acceptance that uses an
    /// incident records its consumption, and the transaction commits only once the results
    /// are written under their temporary names and the file system is synced. The ledger
    /// has the last word: when the entitlement is used up the draft is decided again with
    /// the ledger's counts (it may fall to another entitlement of the same kind, or be
    /// rejected `ENTITLEMENT_EXHAUSTED`), and a draft id that used an incident before for
    /// other bytes is a `DRAFT_DUPLICATE`. Every result says how many incidents are left.
    ///
    /// So a crash before the commit leaves nothing in the ledger, and a crash after it
    /// leaves the draft, durably, in processing/ under the claim its consumption names.
    /// Decided again, an acceptance finds its own consumption (nothing counted twice) and
    /// anything else removes it (`forget`). Only claims found in processing/ at start and
    /// those of a failed commit can have such a consumption (`unsettledClaims`).
    ///
    /// A ledger shared by several gates also keeps each draft id's decision
    /// (`SharedDecisions`): a draft another gate decided first gets that gate's result here.
    func settleAndWrite(_ items: inout [PreparedDraft], _ range: Range<Int>) throws(SpoolError) -> [WrittenResult] {
        let shared = ledger?.sharesDecisions == true
        let involved = range.filter {
            items[$0].usesIncident || unsettledClaims.contains(items[$0].claim) || (shared && items[$0].usesUpDraftId)
        }
        guard let ledger, !involved.isEmpty else {
            return try writeTemporaries(items[range], syncAll: settings.durability == .groupCommit)
        }
        var written: [WrittenResult] = []
        var spoolFault: SpoolError?
        do {
            try ledger.transaction { (transaction) throws(LedgerError) in
                let decisions = (transaction as? any SharedDecisionTransaction).map { SharedDecisions(transaction: $0, gate: ledgerClaimScope) }
                let reserved = try decisions?.reserve(&items, involved) ?? [:]
                // Every draft's first request in one call; further turns (an entitlement found
                // used up) one by one.
                let asking = involved.filter { items[$0].adopted == nil }
                let requests = asking.map { consumeRequest(for: items[$0], deciding: items[$0].result) }
                var firstOutcomes = try transaction.consumeAll(requests.compactMap { $0 })[...]
                for (index, request) in zip(asking, requests) {
                    try settle(&items[index], firstOutcome: request == nil ? nil : firstOutcomes.popFirst(), in: transaction)
                }
                try decisions?.record(&items, reserved)
                do throws(SpoolError) {
                    written = try writeTemporaries(items[range], syncAll: true)
                } catch {
                    spoolFault = error
                    throw LedgerError("rolled back: the results could not be written", path: transaction.location)
                }
            }
        } catch {
            removeTemporaries(written)
            throw spoolFault ?? Self.ledgerFault(error)
        }
        return written
    }

    /// A ledger that failed, as the commit's fault: logged as a ledger fault, not a spool one.
    static func ledgerFault(_ error: LedgerError) -> SpoolError {
        let (kind, errno): (String, Int32) =
            error.isReplaced ? ("file deleted or replaced", ESTALE)
            : error.isTimedOut ? ("timed out", ETIMEDOUT)
            : error.isUnavailable ? ("unavailable", ECONNREFUSED)
            : error.isResourceExhausted ? ("full", ENOSPC)
            : error.isBusy ? ("busy", EBUSY)
            : ("error", EIO)
        return SpoolError("cannot record incidents in the ledger: \(error.message)", path: error.path, errno: errno, ledgerFault: kind)
    }

    /// At start, once this gate holds the spool: every draft already in processing/ may
    /// have a consumption whose result never came.
    public func rememberUnsettledClaims() {
        unsettledClaims = Set(folders.processing.names(limit: .max) { !$0.isHidden })
    }

    /// The incident the draft's result uses, as the ledger is asked for it; nil when it uses none.
    private func consumeRequest(for item: PreparedDraft, deciding result: DecisionResult?) -> ConsumeRequest? {
        guard let result, let incident = result.decision.incident, let input = item.source,
              let key = result.draftKey, let digest = result.draftSHA256 else { return nil }
        let partner = input.evaluator.engine.directory.partners[key.partner]
        let allowance = partner?.entitlements.first { $0.id == incident.entitlementId }?.incidents
        return ConsumeRequest(Consumption(partnerTenantId: key.partner.description, entitlementId: incident.entitlementId,
                                          decisionId: result.decisionId, draftId: key.draftId, draftSha256: digest,
                                          consumedAt: result.decidedAt.rfc3339, claim: ledgerClaimScope + item.claim.description),
                              allowance: allowance)
    }

    /// - Parameter firstOutcome: what the ledger answered to the draft's first request, when
    ///   it was asked with the batch's.
    private func settle(_ item: inout PreparedDraft, firstOutcome: ConsumeOutcome?, in transaction: any LedgerTransaction) throws(LedgerError) {
        guard var result = item.result else { return }
        var answered = firstOutcome
        // Each turn either settles the draft or decides it again with the ledger's counts, in
        // which the entitlement that was used up is seen as such: the engine then takes
        // another or rejects. One turn per entitlement the partner has is enough.
        var turns = 0
        while let request = consumeRequest(for: item, deciding: result), let input = item.source, let key = result.draftKey {
            let outcome: ConsumeOutcome
            if let answered {
                outcome = answered
            } else {
                outcome = try transaction.consume(request.consumption, allowance: request.allowance)
            }
            answered = nil
            switch outcome {
            case .consumed(let left), .alreadyConsumed(let left):
                item.replaceResult(result.settingIncidentsLeft(left))
                return
            case .idUsedForOtherBytes:
                item.replaceResult(DraftEvaluator.ledgerDuplicate(of: result, .incidentForOtherBytes))
                try forgetIfUnsettled(item.claim, in: transaction)
                return
            case .exhausted:
                turns += 1
                var noHistory = DraftLedger()
                let counts = RecordedIncidents([key.partner: try transaction.inUse(partner: key.partner.description)])
                let entitlements = input.evaluator.engine.directory.partners[key.partner]?.entitlements.count ?? 0
                if turns <= entitlements,
                   case .decided(let again) = input.evaluator.evaluate(input.bytes, fallbackDraftId: input.fallbackDraftId, submitter: input.submitter,
                                                                       at: result.decidedAt, history: &noHistory, usage: counts) {
                    result = again
                } else {
                    // Cannot happen while the engine and the ledger count alike; if it ever
                    // does, this draft is refused rather than the whole batch held up.
                    result = input.evaluator.ledgerExhausted(of: result, entitlementId: request.consumption.entitlementId,
                                                             allowance: request.allowance ?? 0)
                }
            }
        }
        if turns > 0 { item.replaceResult(result) }
        try forgetIfUnsettled(item.claim, in: transaction)
    }

    private func forgetIfUnsettled(_ claim: FileName, in transaction: any LedgerTransaction) throws(LedgerError) {
        guard unsettledClaims.contains(claim) else { return }
        try transaction.forget(claim: ledgerClaimScope + claim.description)
    }
}
