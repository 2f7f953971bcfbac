/// What is known of earlier decisions, by draft id: the idempotency check
/// behind `DRAFT_DUPLICATE`. `check` keeps it in memory; the daemon reads its
/// result files.
public protocol DecisionHistory {
    func prior(draftId: String, digest: [UInt8]) -> PriorDecision
    mutating func record(_ result: DecisionResult)
}

public enum PriorDecision: Sendable {
    case none
    /// Decided before from the same bytes; the earlier result, when the history keeps it.
    case sameContent(DecisionResult?)
    case differentContent
}

/// An in-memory history.
public struct DraftLedger: DecisionHistory, Sendable {
    private var entries: [String: DecisionResult] = [:]

    public init() {}

    public var count: Int { entries.count }

    public func prior(draftId: String, digest: [UInt8]) -> PriorDecision {
        guard let earlier = entries[draftId] else { return .none }
        return earlier.draftDigest == digest ? .sameContent(earlier) : .differentContent
    }

    public mutating func record(_ result: DecisionResult) {
        entries[result.draftId] = result
    }
}
