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

    /// - Parameters:
    ///   - fallbackDraftId: the id derived from the file name, used when the draft has none.
    ///   - ledger: earlier decisions by draft id; a repeat of the same content gets the same
    ///     result back, different content under a used id gets `DRAFT_DUPLICATE`.
    public func evaluate(_ bytes: [UInt8], fallbackDraftId: String, submitter: SubmitterIdentity?, at instant: Timestamp,
                         ledger: inout DraftLedger) -> DecisionResult {
        let digest = SHA256.hash(bytes)
        switch DraftParser.parse(bytes) {
        case .rejected(let ownId, let findings):
            return result(draftId: ownId ?? fallbackDraftId, digest: digest, at: instant, decision: .unreadable(findings))
        case .parsed(var draft):
            let draftId = draft.draftId ?? fallbackDraftId
            draft.draftId = draftId
            switch ledger.lookup(draftId: draftId, digest: digest) {
            case .sameContent(let earlier):
                return earlier
            case .differentContent(let earlier):
                var decision = Decision(context: draft.isOwnTenant ? .ownTenant : .customer)
                decision.add(Finding(.draftDuplicate,
                                     "draft id \"\(draftId)\" was already decided (\(earlier.decisionId) at \(earlier.decidedAt.rfc3339)) from different content",
                                     field: draft.draftId == fallbackDraftId ? nil : JSONPointer.root.appending("draftId"),
                                     rule: .duplicateDraft,
                                     remedy: "Give a changed draft a new \"draftId\"; resubmitting the same bytes returns the first result."))
                return result(draftId: draftId, digest: digest, at: instant, decision: decision)
            case .new:
                let decided = result(draftId: draftId, digest: digest, at: instant,
                                     decision: engine.decide(draft, submitter: submitter, at: instant))
                ledger.record(decided, digest: digest)
                return decided
            }
        }
    }

    /// A result for a draft that could not be read at all (rule 1 at the file level).
    public func unreadable(_ finding: Finding, fallbackDraftId: String, at instant: Timestamp) -> DecisionResult {
        result(draftId: fallbackDraftId, digest: SHA256.hash(Array(finding.message.utf8)), at: instant, decision: .unreadable([finding]))
    }

    /// The decision id is a hash of everything that decided, so it is unique per
    /// decision and the same when the same draft is decided again under the same inputs.
    private func result(draftId: String, digest: [UInt8], at instant: Timestamp, decision: Decision) -> DecisionResult {
        var hasher = SHA256()
        hasher.update(configRevision)
        hasher.update([0])
        hasher.update(draftId)
        hasher.update([0])
        hasher.update(digest)
        hasher.update(instant.rfc3339)
        let hex = SHA256.hex(hasher.finalize())
        let bytes = Array(hex.utf8.prefix(32))
        let id = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(decoding: bytes[$0], as: UTF8.self) }.joined(separator: "-")
        return DecisionResult(draftId: draftId, decisionId: id, decidedAt: instant, configRevision: configRevision, decision: decision)
    }
}
