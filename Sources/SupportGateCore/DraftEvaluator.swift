import BusinessCalendar
import StrictJSON

/// Bytes of one draft in, result out: rule 1 (parse), idempotency, then the
/// engine. Still pure: reading the file and the clock are the caller's.
public struct DraftEvaluator: Sendable {
    public let engine: DecisionEngine
    /// Content hash of the configuration and directory that decide.
    public let configRevision: String

    public init(engine: DecisionEngine, configRevision: String) {
        self.engine = engine
        self.configRevision = configRevision
    }

    public enum Evaluation: Sendable {
        /// A new decision: write it.
        case decided(DecisionResult)
        /// The same draft id with the same bytes was decided before; that result stands
        /// (`earlier` when the history keeps results in memory).
        case repeated(draftId: String, earlier: DecisionResult?)

        /// The result to show: the new one, or the earlier one when the history kept it.
        public var result: DecisionResult? {
            switch self {
            case .decided(let result): result
            case .repeated(_, let earlier): earlier
            }
        }
    }

    /// - Parameters:
    ///   - fallbackDraftId: the id derived from the file name, used when the draft has none.
    ///   - history: earlier decisions; the same id with the same bytes is a repeat, with
    ///     different bytes a `DRAFT_DUPLICATE`.
    ///   - usage: incidents in use, when not the engine's own (the ledger's counts, read in
    ///     the transaction that records the consumption).
    public func evaluate(_ bytes: [UInt8], fallbackDraftId: String, submitter: SubmitterIdentity?, at instant: Timestamp,
                         history: inout some DecisionHistory, usage: (any IncidentUsage)? = nil) -> Evaluation {
        let digest = SHA256.hash(bytes)
        let parsed = DraftParser.parse(bytes)
        guard case .parsed(var draft) = parsed else {
            // A draft that cannot be parsed does not use up its id: once corrected it
            // may come back under the same one.
            guard case .rejected(let ownId, let findings) = parsed else { fatalError("unreachable") }
            return .decided(result(draftId: ownId ?? fallbackDraftId, digest: digest, at: instant,
                                   decision: .unreadable(findings), submitter: submitter, parties: nil))
        }
        let draftId = draft.draftId ?? fallbackDraftId
        let parties = (partner: draft.partnerTenantId, customer: draft.customer)
        // Who may act for the partner comes before anything else about it: a draft from
        // someone else is told only that, and uses up no id of that partner.
        if let submitter, let refusal = engine.refusal(of: submitter, for: draft.partnerTenantId) {
            var decision = Decision(context: draft.isOwnTenant ? .ownTenant : .customer)
            decision.add(refusal.told)
            return .decided(result(draftId: draftId, digest: digest, at: instant, decision: decision, submitter: submitter,
                                   parties: parties, concealed: refusal.concealed))
        }
        let key = DraftKey(partner: draft.partnerTenantId, draftId: draftId)
        let reuse: (message: String, remedy: String)?
        switch history.prior(key, digest: digest, submitterUID: submitter?.uid) {
        case .none:
            reuse = nil
        case .sameContent(let earlier):
            return .repeated(draftId: draftId, earlier: earlier)
        case .differentContent:
            reuse = ("draft id \"\(draftId)\" was already used for a draft with different content", Self.changedDraftRemedy)
        case .otherSubmitter:
            reuse = ("draft id \"\(draftId)\" was already used by another submitter of this partner for the same draft",
                     Self.otherSubmitterRemedy)
        }
        if let reuse {
            var decision = Decision()
            decision.add(Finding(.draftDuplicate, reuse.message, field: draftId == fallbackDraftId ? nil : DraftField.draftId,
                                 rule: .duplicateDraft, remedy: reuse.remedy))
            let duplicate = result(draftId: draftId, digest: digest, at: instant, decision: decision, submitter: submitter, parties: parties)
            history.record(duplicate)
            return .decided(duplicate)
        }
        draft.draftId = draftId
        var engine = self.engine
        if let usage { engine.usage = usage }
        let decided = result(draftId: draftId, digest: digest, at: instant,
                             decision: engine.decide(draft, submitter: submitter, at: instant), submitter: submitter,
                             parties: parties)
        history.record(decided)
        return .decided(decided)
    }

    /// Why the ledger refuses a draft: its id was taken by an acceptance.
    public enum LedgerReuse: Sendable {
        /// The partner's draft id was accepted for other bytes.
        case acceptedForOtherBytes
        /// The same bytes were accepted for another submitter of the partner.
        case acceptedForOtherSubmitter
        /// The same bytes were accepted for this submitter, at a gate sharing the ledger that
        /// reads them differently: this gate cannot rebuild that acceptance's submission.
        case acceptedUnreadableHere
    }

    /// The ledger's `DRAFT_DUPLICATE` in place of `decided`, under the same identity.
    public static func ledgerDuplicate(of decided: DecisionResult, _ reuse: LedgerReuse) -> DecisionResult {
        let id = "draft id \"\(decided.draftId)\""
        let finding = switch reuse {
        case .acceptedForOtherBytes:
            Finding(.draftDuplicate, "\(id) was already accepted for a draft with different content",
                    field: DraftField.draftId, rule: .duplicateDraft, remedy: changedDraftRemedy)
        case .acceptedForOtherSubmitter:
            Finding(.draftDuplicate, "\(id) was already accepted for another submitter of this partner, from the same draft",
                    field: DraftField.draftId, rule: .duplicateDraft, remedy: otherSubmitterRemedy)
        case .acceptedUnreadableHere:
            Finding(.draftDuplicate, "\(id) was accepted at another gate sharing the ledger, which reads this draft differently: this gate cannot write that acceptance",
                    field: DraftField.draftId, rule: .duplicateDraft,
                    remedy: "Fetch the result from the gate that accepted it, or give the draft a new \"draftId\"; the operator should run one supportgate version at every gate that shares a ledger.")
        }
        var decision = Decision()
        decision.add(finding)
        return decided.replacing(decision)
    }

    /// `ENTITLEMENT_EXHAUSTED` in place of `decided`, when the ledger finds the allowance used up.
    public static func ledgerExhausted(of decided: DecisionResult, entitlementId: String, allowance: Int) -> DecisionResult {
        var decision = Decision(context: decided.decision.context)
        decision.severity = decided.decision.severity
        decision.add(.entitlementExhausted(entitlementId, inUse: allowance, allowance: allowance))
        return decided.replacing(decision)
    }

    static let changedDraftRemedy = "Give a changed draft a new \"draftId\"; resubmitting the same bytes returns the first result."
    static let otherSubmitterRemedy = "The draft is being handled under its first submitter's result; to file it again, give it a new \"draftId\"."

    /// A result for a draft that could not be read at all (rule 1 at the file level).
    public func unreadable(_ finding: Finding, fallbackDraftId: String, at instant: Timestamp) -> DecisionResult {
        result(draftId: fallbackDraftId, digest: nil, at: instant, decision: .unreadable([finding]), submitter: nil, parties: nil)
    }

    /// The decision id is a hash of everything that decided (configuration, draft id and
    /// bytes, submitter, instant), so it is unique per decision and the same when the
    /// same draft is decided again under the same inputs.
    private func result(draftId: String, digest: [UInt8]?, at instant: Timestamp, decision: Decision,
                        submitter: SubmitterIdentity?, parties: (partner: TenantGUID, customer: TenantGUID?)?,
                        concealed: [Finding] = []) -> DecisionResult {
        var hasher = SHA256()
        hasher.update(configRevision)
        hasher.update([0])
        hasher.update(draftId)
        hasher.update([0])
        hasher.update(digest ?? Array(decision.errors.first?.message.utf8 ?? "".utf8))
        hasher.update(submitter.map { "uid:\($0.uid)" } ?? "uid:-")
        hasher.update(instant.rfc3339)
        let hex = SHA256.hex(hasher.finalize())
        let bytes = Array(hex.utf8.prefix(32))
        let id = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(decoding: bytes[$0], as: UTF8.self) }.joined(separator: "-")
        return DecisionResult(draftId: draftId, decisionId: id, decidedAt: instant, configRevision: configRevision,
                              draftDigest: digest, partnerTenantId: parties?.partner, customerTenantId: parties?.customer,
                              decision: decision, submitterUID: submitter?.uid, concealed: concealed)
    }
}
