/// A batch decided in memory and not yet committed: the drafts with their results,
/// and the ones left for later (still being written) or gone.
public struct PreparedBatch: Sendable {
    var items: [PreparedDraft] = []
    var unprepared: [DraftOutcome] = []

    public init() {}

    public var isEmpty: Bool { items.isEmpty && unprepared.isEmpty }
    public var count: Int { items.count + unprepared.count }

    /// The claim names of every draft in the batch.
    public var claims: [FileName] { items.map(\.claim) + unprepared.map(\.claimName) }
}
