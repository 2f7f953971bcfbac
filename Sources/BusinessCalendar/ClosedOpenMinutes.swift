/// A wall-clock interval [start, end) in minutes after local midnight, 0 ≤ start < end ≤ 1440.
public struct ClosedOpenMinutes: Sendable, Hashable {
    public static let minutesPerDay = 1440

    public let start: Int
    public let end: Int

    /// Returns nil unless 0 ≤ start < end ≤ 1440.
    public init?(start: Int, end: Int) {
        guard start >= 0, start < end, end <= Self.minutesPerDay else { return nil }
        self.start = start
        self.end = end
    }

    var duration: Int { end - start }
}
