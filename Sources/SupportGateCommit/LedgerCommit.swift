import BusinessCalendar
import SupportGateCore
import SupportGateLedger
import SupportGateSpool

/// A batch's decisions settled with the ledger, the gate's memory (contract §7), in one
/// transaction that commits only once the batch's results are written under temporary names
/// and synced:
/// - a draft whose id the ledger holds as accepted gets that acceptance when it is the same
///   bytes from the same submitter (a repeat: the same decision id, its result written again
///   if it was pruned, nothing consumed), and `DRAFT_DUPLICATE` otherwise, whatever it would
///   be decided now;
/// - any other acceptance takes its id and, if it uses an incident, consumes one
///   (`AcceptanceBook`). The ledger has the last word on the count: when the entitlement is
///   used up the draft is decided again with the ledger's counts (it may fall to another
///   entitlement, or be rejected `ENTITLEMENT_EXHAUSTED`);
/// - a rejection takes nothing, so a draft rejected before is decided anew when dropped again.
///
/// A crash before the commit leaves nothing in the ledger; after it, the draft is still in
/// processing/ and, decided again, is a repeat of its own acceptance.
public final class LedgerCommit: BatchSettlement {
    public let ledger: any IncidentLedger
    /// This gate, as the ledger records who decided.
    public let gate: GateIdentity
    /// Test-only: makes "a gate holding an uncommitted batch" observable (`LedgerCommitMarker`).
    public var marker: LedgerCommitMarker?
    private var markedTransactions = 0

    public init(ledger: any IncidentLedger, gate: GateIdentity) {
        self.ledger = ledger
        self.gate = gate
    }

    public func settle(_ items: inout [PreparedDraft], _ range: Range<Int>,
                       write: (ArraySlice<PreparedDraft>) throws(SpoolError) -> [ResultCommitter.WrittenResult],
                       discard: ([ResultCommitter.WrittenResult]) -> Void) throws(CommitFault) -> [ResultCommitter.WrittenResult] {
        // Only a draft whose submitter may act for its partner has an id in its namespace.
        let involved = range.filter { items[$0].result?.trustedPartner != nil && items[$0].result?.draftSHA256 != nil }
        guard !involved.isEmpty else {
            do throws(SpoolError) { return try write(items[range]) } catch { throw .spool(error) }
        }
        var written: [ResultCommitter.WrittenResult] = []
        var spoolFault: SpoolError?
        var holding: LedgerCommitMarker.Holding?
        do {
            try ledger.transaction { (transaction) throws(LedgerError) in
                var book = AcceptanceBook(transaction: transaction)
                try book.open(keys: involved.compactMap { Self.key(of: items[$0]) },
                              entitlements: involved.compactMap { Self.firstIncident(of: items[$0]) })
                for index in involved {
                    try settle(&items[index], in: &book)
                }
                try book.flush()
                do throws(SpoolError) {
                    written = try write(items[range])
                } catch {
                    spoolFault = error
                    throw LedgerError("rolled back: the results could not be written", path: transaction.location)
                }
                if let marker, !book.recorded.isEmpty {
                    markedTransactions += 1
                    holding = marker.holding(recording: book.recorded.count, sequence: markedTransactions)
                }
            }
        } catch {
            holding?.failed()
            discard(written)
            // The ledger's error as it is: logged under the ledger, its kind deciding the back-off.
            throw spoolFault.map { .spool($0) } ?? .settlement(LedgerError("cannot record incidents in the ledger: \(error.message)", path: error.path, kind: error.kind))
        }
        holding?.committed()
        return written
    }

    private static func key(of item: PreparedDraft) -> DraftIdKey? {
        guard let result = item.result, let partner = result.trustedPartner else { return nil }
        return DraftIdKey(partner: partner.description, draftId: result.draftId)
    }

    /// The entitlement whose counter the draft's decision, as made in memory, would consume.
    private static func firstIncident(of item: PreparedDraft) -> EntitlementKey? {
        guard let result = item.result, let partner = result.trustedPartner, let incident = result.decision.incident else { return nil }
        return EntitlementKey(partner: partner.description, entitlementId: incident.entitlementId)
    }

    private func settle(_ item: inout PreparedDraft, in book: inout AcceptanceBook) throws(LedgerError) {
        guard let result = item.result, let partner = result.trustedPartner, let sha = result.draftSHA256,
              let key = Self.key(of: item) else { return }
        if let earlier = book.accepted[key] {
            Self.settle(&item, result, against: earlier)
            return
        }
        guard result.decision.isAccepted else { return }  // a rejection takes nothing
        let settled = try Self.takeIncident(for: item, result, partner: partner, in: &book)
        item.replaceResult(settled)
        guard settled.decision.isAccepted else { return }
        try book.record(AcceptedDraft(partnerTenantId: key.partner, draftId: key.draftId, submitterUID: settled.submitterUID, draftSha256: sha,
                                      decisionId: settled.decisionId, decidedAt: settled.decidedAt.rfc3339,
                                      entitlementId: settled.decision.incident?.entitlementId, gate: gate.name,
                                      result: StoredResult.recorded(settled)))
    }

    /// The draft's id is accepted already: the same bytes from the same submitter are a
    /// repeat of that acceptance; anything else is a duplicate of it.
    private static func settle(_ item: inout PreparedDraft, _ result: DecisionResult, against earlier: AcceptedDraft) {
        guard earlier.draftSha256 == result.draftSHA256 else {
            item.replaceResult(DraftEvaluator.ledgerDuplicate(of: result, .acceptedForOtherBytes))
            return
        }
        if let owner = earlier.submitterUID, owner != result.submitterUID {
            item.replaceResult(DraftEvaluator.ledgerDuplicate(of: result, .acceptedForOtherSubmitter))
            return
        }
        let adopted = AdoptedDecision(draftId: result.draftId, decisionId: earlier.decisionId, accepted: true,
                                      decidedBy: earlier.gate ?? "", partnerTenantId: earlier.partnerTenantId)
        guard !earlier.result.isEmpty else {
            // Carried over from 0.19.0 without its result file: the acceptance stands, and its
            // result, if the spool still has it; nothing can be written again.
            item.adopt(adopted, file: nil)
            return
        }
        guard let file = StoredResult.file(from: earlier.result, submission: item.submissionToAdopt) else {
            item.replaceResult(DraftEvaluator.ledgerDuplicate(of: result, .acceptedUnreadableHere))
            return
        }
        item.adopt(adopted, file: file)
    }

    /// The acceptance with its incident counted, or the decision the ledger's count leads to:
    /// while the entitlement it uses is used up, the draft is decided again with the ledger's
    /// counts, in which that entitlement is seen as such (the engine then takes another or
    /// rejects). One turn per entitlement the partner has is enough.
    private static func takeIncident(for item: PreparedDraft, _ decided: DecisionResult, partner: TenantGUID,
                                     in book: inout AcceptanceBook) throws(LedgerError) -> DecisionResult {
        var decided = decided
        var turns = 0
        while decided.decision.isAccepted, let incident = decided.decision.incident {
            let entitlements = item.source?.evaluator.engine.directory.partners[partner]?.entitlements ?? []
            guard let allowance = entitlements.first(where: { $0.id == incident.entitlementId })?.incidents else {
                return decided.settingIncidentsLeft(nil)
            }
            let used = try book.inUse(EntitlementKey(partner: partner.description, entitlementId: incident.entitlementId))
            if used < allowance { return decided.settingIncidentsLeft(allowance - used - 1) }
            turns += 1
            var noHistory = NoDecisionHistory()
            let counts = RecordedIncidents([partner: try book.inUse(partner: partner.description)])
            guard let source = item.source, turns <= entitlements.count,
                  case .decided(let again) = source.evaluator.evaluate(source.bytes, fallbackDraftId: source.fallbackDraftId, submitter: source.submitter,
                                                                       at: decided.decidedAt, history: &noHistory, usage: counts) else {
                // Cannot happen while the engine and the ledger count alike; if it ever does,
                // this draft is refused rather than the whole batch held up.
                return DraftEvaluator.ledgerExhausted(of: decided, entitlementId: incident.entitlementId, allowance: allowance)
            }
            decided = again
        }
        return decided
    }
}
