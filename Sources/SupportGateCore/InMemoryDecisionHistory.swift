/// The decisions of this process, in memory (`supportgate check`, tests, benchmarks): not
/// durable and not shared, unlike the incident ledger the daemon consults.
public struct InMemoryDecisionHistory: DecisionHistory, Sendable {
    /// The decision that used up each id.
    private var entries: [DraftKey: DecisionResult] = [:]
    /// `DRAFT_DUPLICATE` results, by id, bytes and submitter: the same duplicate again is a repeat.
    private var duplicates: [DuplicateKey: DecisionResult] = [:]

    private struct DuplicateKey: Hashable {
        let key: DraftKey
        let digest: [UInt8]
        let submitterUID: UInt32?
    }

    public init() {}

    public var count: Int { entries.count }

    public func prior(_ key: DraftKey, digest: [UInt8], submitterUID: UInt32?) -> PriorDecision {
        guard let earlier = entries[key] else { return .none }
        if earlier.draftDigest == digest {
            return earlier.submitterUID == submitterUID ? .sameContent(earlier) : .otherSubmitter
        }
        if let duplicate = duplicates[DuplicateKey(key: key, digest: digest, submitterUID: submitterUID)] { return .sameContent(duplicate) }
        return .differentContent
    }

    public mutating func record(_ result: DecisionResult) {
        guard let key = result.draftKey else { return }
        if result.decision.errors.contains(where: { $0.code == .draftDuplicate }), let digest = result.draftDigest {
            duplicates[DuplicateKey(key: key, digest: digest, submitterUID: result.submitterUID)] = result
        } else {
            entries[key] = result
        }
    }
}
