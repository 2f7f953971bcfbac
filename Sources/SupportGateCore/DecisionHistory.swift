/// Where the evaluator looks up earlier decisions (idempotency). Draft ids are one
/// namespace per partner: the key is (partnerTenantId, draftId), and a repeat is a repeat
/// only from the same submitter.
public protocol DecisionHistory {
    func prior(_ key: DraftKey, digest: [UInt8], submitterUID: UInt32?) -> PriorDecision
    mutating func record(_ result: DecisionResult)
}

/// A draft id within its partner's namespace.
public struct DraftKey: Hashable, Sendable {
    public let partner: TenantGUID
    public let draftId: String

    public init(partner: TenantGUID, draftId: String) {
        self.partner = partner
        self.draftId = draftId
    }
}

public enum PriorDecision: Sendable {
    case none
    /// Decided before from the same bytes for the same submitter; the earlier result,
    /// when the history keeps it.
    case sameContent(DecisionResult?)
    case differentContent
    /// The same bytes, dropped before by another submitter of the partner.
    case otherSubmitter
}

/// No history: every draft is decided on its own. The gate's memory is its ledger, which
/// the commit consults after deciding (SupportGateCommit's `LedgerCommit`): a repeat, a
/// duplicate or a retry is settled there, against what is durable, not against memory.
public struct NoDecisionHistory: DecisionHistory, Sendable {
    public init() {}

    public func prior(_ key: DraftKey, digest: [UInt8], submitterUID: UInt32?) -> PriorDecision { .none }
    public mutating func record(_ result: DecisionResult) {}
}
