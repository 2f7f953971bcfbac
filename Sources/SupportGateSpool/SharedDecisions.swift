import StrictJSON
import SupportGateCore
import SupportGateLedger

/// The draft ids of a batch in a ledger several gates share: reserved before the batch's
/// incidents are counted, recorded with their results before the transaction commits. A
/// draft that another gate decided first is not decided here: the same bytes from the same
/// submitter get that gate's result (adopted, as a repeat of it), anything else a
/// `DRAFT_DUPLICATE`. The same holds for a decision this gate made itself: committed just
/// before a crash (under this claim or under another drop of the same bytes, which may be
/// decided first after the restart), or one whose result file was since removed. Another
/// gate may already have adopted it, so it is never decided anew while the ledger keeps it;
/// `supportgate spool prune` forgets it with the result file.
struct SharedDecisions {
    let transaction: any SharedDecisionTransaction
    /// This gate, as the ledger names it (`host:spool-root/`).
    let gate: String

    /// An id this batch holds: with the decision as it stood when reserved (and the item's
    /// result revision then), and whether this transaction inserted its row (or took over one
    /// whose recorded result was damaged).
    struct Reserved {
        let decision: SharedDecision
        let revision: Int
        let inserted: Bool
    }

    /// Reserves the ids with each draft's decision as it stands (most are final: only those
    /// the ledger's count changes are written again in `record`), and returns the reservation
    /// of each item whose decision is this gate's to record.
    func reserve(_ items: inout [PreparedDraft], _ involved: [Int]) throws(LedgerError) -> [Int: Reserved] {
        var indices: [Int] = []
        var provisional: [SharedDecision] = []
        for index in involved where items[index].usesUpDraftId {
            guard let result = items[index].result, let key = result.draftKey, let sha = result.draftSHA256 else { continue }
            indices.append(index)
            let reservation = DraftReservation(partnerTenantId: key.partner.description, draftId: key.draftId, draftSha256: sha,
                                               submitterUID: result.submitterUID, gate: gate, claim: gate + items[index].claim.description)
            provisional.append(SharedDecision(reservation: reservation, decisionId: result.decisionId, accepted: result.decision.isAccepted,
                                              result: Self.recorded(result)))
        }
        let earlier = try transaction.reserve(provisional)
        var ours: [Int: Reserved] = [:]
        for (position, index) in indices.enumerated() {
            let mine = provisional[position].reservation
            guard let decided = earlier[position] else {
                ours[index] = Reserved(decision: provisional[position], revision: items[index].resultRevision, inserted: true)
                continue
            }
            // A recorded result that is not a JSON object (damaged by hand) is decided anew and replaced.
            guard case .object(var recorded)? = try? JSONParser.parse(decided.result) else {
                ours[index] = Reserved(decision: provisional[position], revision: items[index].resultRevision, inserted: false)
                continue
            }
            if decided.reservation.draftSha256 != mine.draftSha256 {
                items[index].replaceResult(DraftEvaluator.ledgerDuplicate(of: items[index].result!, .decidedElsewhereForOtherBytes))
            } else if decided.reservation.submitterUID != mine.submitterUID {
                items[index].replaceResult(DraftEvaluator.ledgerDuplicate(of: items[index].result!, .decidedElsewhereForOtherSubmitter))
            } else {
                if decided.accepted, recorded[Self.submissionKey] == nil {
                    guard let submission = items[index].submissionToAdopt else {
                        items[index].replaceResult(DraftEvaluator.ledgerDuplicate(of: items[index].result!, .decidedElsewhereUnreadableHere))
                        continue
                    }
                    // The last member, where the engine puts it: the file is the deciding gate's, byte for byte.
                    recorded.append(Self.submissionKey, submission.json)
                }
                items[index].adopt(decided, file: PreparedDraft.file(.object(recorded)))
            }
        }
        return ours
    }

    private static let submissionKey = "submission"

    /// The result as the ledger keeps it: compact, and without `submission`, which every gate
    /// rebuilds from the same bytes (the sha256 matches). That keeps a row under PostgreSQL's
    /// 2 KB TOAST threshold, past which each one would be compressed and stored out of line:
    /// a premier acceptance is 2.9 KB with it, 0.7 KB without (docs/performance.md).
    static func recorded(_ result: DecisionResult) -> [UInt8] {
        var json = result.json
        if case .object(var object) = json {
            object[submissionKey] = nil
            json = .object(object)
        }
        var compact: [UInt8] = []
        compact.reserveCapacity(1024)
        JSONWriter.write(json, pretty: false, into: &compact)
        return compact
    }

    /// Records the results the ledger's count changed since they were reserved (and those
    /// taking over a damaged row), and gives back the ids of those it turned into a
    /// `DRAFT_DUPLICATE`.
    func record(_ items: inout [PreparedDraft], _ reserved: [Int: Reserved]) throws(LedgerError) {
        var changed: [SharedDecision] = []
        var unused: [DraftReservation] = []
        for (index, held) in reserved.sorted(by: { $0.key < $1.key }) {
            guard items[index].usesUpDraftId, let result = items[index].result else {
                if held.inserted { unused.append(held.decision.reservation) }
                continue
            }
            // Untouched since it was reserved: the row already holds it, without encoding it again.
            if held.inserted && items[index].resultRevision == held.revision { continue }
            let final = SharedDecision(reservation: held.decision.reservation, decisionId: result.decisionId, accepted: result.decision.isAccepted,
                                       result: Self.recorded(result))
            if !held.inserted || final != held.decision { changed.append(final) }
        }
        try transaction.record(changed)
        try transaction.unreserve(unused)
    }
}
