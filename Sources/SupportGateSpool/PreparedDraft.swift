import StrictJSON
import SupportGateCore

/// A draft decided in memory, waiting for its result to be committed. The commit's
/// settlement (SupportGateCommit) may replace its decision with the ledger's before the
/// result is written.
public struct PreparedDraft: Sendable {
    public let claim: FileName
    public internal(set) var outcome: DraftOutcome
    /// The result to write; nil for a deferral, or a decision adopted from the ledger (`adopted`).
    public private(set) var result: DecisionResult?
    /// An acceptance the ledger remembers for this draft (made before, here or at another
    /// gate), and its result file as written then: written here in place of a decision.
    private(set) var adopted: (decision: AdoptedDecision, file: [UInt8]?)?
    private(set) var resultName: FileName?
    /// The subfolder of accepted/ or rejected/ it goes in, and who may read it.
    var shelf = ResultShelf.submitter(nil)
    /// For a draft decided from its content: what it takes to decide it again when the
    /// ledger, which has the last word, finds the entitlement used up, or to rebuild the
    /// submission of an acceptance adopted from another gate (`submissionToAdopt`).
    public internal(set) var source: DraftSource?
    /// The bytes read and decided: what archive/ (or quarantine/) keeps, whatever the
    /// submitter does to its file afterwards. Nil when the draft was refused unread.
    var decidedBytes: [UInt8]?

    public struct DraftSource: Sendable {
        public let bytes: [UInt8]
        public let fallbackDraftId: String
        public let submitter: SubmitterIdentity?
        /// The configuration the draft was decided with.
        public let evaluator: DraftEvaluator
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
            self.resultName = ResultNaming.resultName(for: result, claim: claim)
            outcome = DraftOutcome(originalName: original, claimName: claim, disposition: .decided(result), submitterUID: uid)
        case .repeated(let draftId, _):
            self.result = nil
            self.resultName = nil
            outcome = DraftOutcome(originalName: original, claimName: claim, disposition: .repeated(draftId: draftId), submitterUID: uid)
        }
    }

    /// The ledger's decision in place of the one made in memory: the same claim and shelf,
    /// the name the new result calls for.
    public mutating func replaceResult(_ replacement: DecisionResult) {
        result = replacement
        resultName = ResultNaming.resultName(for: replacement, claim: claim)
        outcome.disposition = .decided(replacement)
    }

    /// The ledger's acceptance in place of this decision, as a repeat of it: its result
    /// file, written under the name this draft's own acceptance would have (none: the one
    /// in place, if any, stands).
    public mutating func adopt(_ decision: AdoptedDecision, file: [UInt8]?) {
        guard let result else { return }
        adopted = (decision, file)
        self.result = nil
        resultName = file == nil ? nil : FileName("\(result.draftId).json")
        outcome.disposition = .adopted(decision)
    }

    /// What is written for this draft: in accepted/ or rejected/, and the bytes.
    var resultFile: (accepted: Bool, decisionId: String, bytes: [UInt8])? {
        guard let accepted = resultIsAccepted else { return nil }
        if let adopted { return adopted.file.map { (accepted, adopted.decision.decisionId, $0) } }
        guard let result else { return nil }
        return (accepted, result.decisionId, Self.encode(result))
    }

    /// Whether the result written goes to accepted/; nil when none is written.
    public var resultIsAccepted: Bool? {
        guard resultName != nil else { return nil }
        return adopted?.decision.accepted ?? result?.decision.isAccepted
    }

    /// The submission of an acceptance adopted from the ledger, whose recorded result
    /// leaves it out: a function of the same bytes. This gate's own when it accepted too,
    /// otherwise rebuilt; nil when this gate cannot parse a payload from them.
    public var submissionToAdopt: Submission? {
        result?.decision.submission ?? source.flatMap { Submission.rebuilt(from: $0.bytes, fallbackDraftId: $0.fallbackDraftId) }
    }

    /// A rejection of a draft whose submitter may act for its partner (`ID.json`, or a
    /// duplicate's `ID.dup-…`): it replaces an earlier rejection under the same name, since
    /// only an acceptance keeps its id and a rejected draft dropped again is decided anew.
    var replacesEarlierResult: Bool {
        guard let result, adopted == nil, !result.decision.isAccepted else { return false }
        return result.trustedPartner != nil
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

    /// A result file's bytes: pretty-printed, with a final newline.
    public static func file(_ json: JSONValue) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4096)
        JSONWriter.write(json, pretty: true, into: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }
}
