/// What has been decided, by draft id, for idempotency (`DRAFT_DUPLICATE`).
/// In memory here; the daemon rebuilds it from its result files.
public struct DraftLedger: Sendable {
    public enum Lookup: Sendable {
        case new
        case sameContent(DecisionResult)
        case differentContent(DecisionResult)
    }

    private var entries: [String: (digest: [UInt8], result: DecisionResult)] = [:]

    public init() {}

    public var count: Int { entries.count }

    public func lookup(draftId: String, digest: [UInt8]) -> Lookup {
        guard let entry = entries[draftId] else { return .new }
        return entry.digest == digest ? .sameContent(entry.result) : .differentContent(entry.result)
    }

    public mutating func record(_ result: DecisionResult, digest: [UInt8]) {
        entries[result.draftId] = (digest, result)
    }
}
