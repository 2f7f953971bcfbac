import StrictJSON
import SupportGateCore
import SupportGateLedger

/// A draft decided in memory, waiting for its result to be committed.
struct PreparedDraft {
    let claim: FileName
    var outcome: DraftOutcome
    /// The result to write; nil for a repeat (the earlier result stands), a deferral, or a
    /// decision adopted from another gate (`adopted`).
    private(set) var result: DecisionResult?
    /// How many times the ledger replaced `result` (`replaceResult`): a shared ledger writes
    /// again only what changed since it was reserved.
    private(set) var resultRevision = 0
    /// The decision another gate made for this draft, and its result file as written there:
    /// written here in place of a decision.
    private(set) var adopted: (decision: SharedDecision, file: [UInt8])?
    private(set) var resultName: FileName?
    /// The subfolder of accepted/ or rejected/ it goes in, and who may read it.
    var shelf = ResultShelf.submitter(nil)
    /// For a draft decided from its content: what it takes to decide it again when the
    /// ledger, which has the last word, finds the entitlement used up, or to rebuild the
    /// submission of an acceptance adopted from another gate (`submissionToAdopt`).
    var source: DraftSource?
    /// The bytes read and decided: what archive/ (or quarantine/) keeps, whatever the
    /// submitter does to its file afterwards. Nil when the draft was refused unread.
    var decidedBytes: [UInt8]?

    struct DraftSource: Sendable {
        let bytes: [UInt8]
        let fallbackDraftId: String
        let submitter: SubmitterIdentity?
        /// The configuration the draft was decided with.
        let evaluator: DraftEvaluator
    }

    init(claim: FileName, outcome: DraftOutcome) {
        self.claim = claim
        self.outcome = outcome
        self.result = nil
        self.resultName = nil
    }

    init(claim: FileName, original: FileName, evaluation: DraftEvaluator.Evaluation, uid: UInt32?) {
        self.claim = claim
        switch evaluation {
        case .decided(let result):
            self.result = result
            self.resultName = SpoolHistory.resultName(for: result, claim: claim)
            outcome = DraftOutcome(originalName: original, claimName: claim, disposition: .decided(result), submitterUID: uid)
        case .repeated(let draftId, _):
            self.result = nil
            self.resultName = nil
            outcome = DraftOutcome(originalName: original, claimName: claim, disposition: .repeated(draftId: draftId), submitterUID: uid)
        }
    }

    /// The ledger's decision in place of the one made in memory: the same claim and shelf,
    /// the name the new result calls for.
    mutating func replaceResult(_ replacement: DecisionResult) {
        result = replacement
        resultRevision += 1
        resultName = SpoolHistory.resultName(for: replacement, claim: claim)
        outcome.disposition = .decided(replacement)
    }

    /// Another gate's decision in place of this one, as a repeat of it: its result file, its name.
    mutating func adopt(_ decision: SharedDecision, file: [UInt8]) {
        guard let result else { return }
        adopted = (decision, file)
        self.result = nil
        resultName = SpoolHistory.resultName(for: result, claim: claim)
        outcome.disposition = .adopted(AdoptedDecision(draftId: result.draftId, decisionId: decision.decisionId, accepted: decision.accepted,
                                                       decidedBy: decision.reservation.gate, partnerTenantId: decision.reservation.partnerTenantId))
    }

    /// What is written for this draft: in accepted/ or rejected/, and the bytes.
    var resultFile: (accepted: Bool, decisionId: String, bytes: [UInt8])? {
        guard let accepted = resultIsAccepted else { return nil }
        if let adopted { return (accepted, adopted.decision.decisionId, adopted.file) }
        guard let result else { return nil }
        return (accepted, result.decisionId, Self.encode(result))
    }

    /// Whether the result written goes to accepted/; nil when none is written.
    var resultIsAccepted: Bool? {
        guard resultName != nil else { return nil }
        return adopted?.decision.accepted ?? result?.decision.isAccepted
    }

    /// Whether its acceptance, as decided in memory, uses an incident: the ledger records it.
    var usesIncident: Bool {
        result?.decision.incident != nil
    }

    /// The submission of this draft's acceptance, for one adopted from another gate, whose
    /// recorded result leaves it out: a function of the same bytes. This gate's own when it
    /// accepted too, otherwise rebuilt; nil when this gate cannot parse a payload from them.
    var submissionToAdopt: Submission? {
        result?.decision.submission ?? source.flatMap { Submission.rebuilt(from: $0.bytes, fallbackDraftId: $0.fallbackDraftId) }
    }

    /// Whether its result uses up the partner's draft id (not a duplicate, nor refused before
    /// the partner could be trusted): what a shared ledger keeps for other gates.
    var usesUpDraftId: Bool {
        guard let result, result.draftKey != nil else { return false }
        return !result.decision.errors.contains { $0.code == .draftDuplicate }
    }

    /// Where the original goes once the result is durable: originals that could not be read
    /// or parsed are kept apart for a person to look at; one refused unread because its
    /// owner's queue was over the cap is not kept at all.
    var originalDestination: PendingArchive.Destination {
        guard let result else { return .archive }
        if result.decision.errors.contains(where: { $0.code == .submitterQueueFull }) { return .discard }
        return result.decision.isRejectedBeforeParsing ? .quarantine : .archive
    }

    /// The result file's bytes. Encoded by the committing thread, just before it writes
    /// them: in the daemon the deciding thread is the busier of the two.
    static func encode(_ result: DecisionResult) -> [UInt8] {
        file(result.json)
    }

    static func file(_ json: JSONValue) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4096)
        JSONWriter.write(json, pretty: true, into: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }
}
