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
    /// The decision that used up each id.
    private var entries: [String: DecisionResult] = [:]
    /// `DRAFT_DUPLICATE` results, by id and bytes: the same duplicate again is a repeat.
    private var duplicates: [String: DecisionResult] = [:]

    public init() {}

    public var count: Int { entries.count }

    public func prior(draftId: String, digest: [UInt8]) -> PriorDecision {
        guard let earlier = entries[draftId] else { return .none }
        if earlier.draftDigest == digest { return .sameContent(earlier) }
        if let duplicate = duplicates[Self.key(draftId, digest)] { return .sameContent(duplicate) }
        return .differentContent
    }

    public mutating func record(_ result: DecisionResult) {
        if result.decision.errors.contains(where: { $0.code == .draftDuplicate }), let digest = result.draftDigest {
            duplicates[Self.key(result.draftId, digest)] = result
        } else {
            entries[result.draftId] = result
        }
    }

    private static func key(_ draftId: String, _ digest: [UInt8]) -> String {
        "\(draftId)\u{0}\(SHA256.hex(digest))"
    }
}
