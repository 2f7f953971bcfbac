/// An instant in UTC, millisecond precision.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// Saturates at the representable range instead of trapping.
    public init(secondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = Self.saturatingProduct(secondsSinceEpoch, CivilCalendar.millisecondsPerSecond)
    }

    /// Parses an RFC 3339 timestamp such as "2026-11-27T17:30:00Z" or "2026-11-27T09:30:00.5-08:00".
    /// Fractional seconds beyond milliseconds are truncated. Returns nil for anything not strictly RFC 3339.
    public static func parseRFC3339(_ text: String) -> Timestamp? {
        RFC3339Parser.parse(text)
    }

    /// Always UTC with "Z"; ".SSS" only when the milliseconds are non-zero.
    public var rfc3339: String {
        RFC3339Formatter.format(self)
    }

    /// 24x7 arithmetic: real elapsed minutes. Saturates at the representable range instead of trapping.
    public func adding(minutes: Int) -> Timestamp {
        let (delta, productOverflow) = Int64(minutes).multipliedReportingOverflow(by: 60_000)
        let (sum, sumOverflow) = millisecondsSinceEpoch.addingReportingOverflow(delta)
        if productOverflow || sumOverflow { return Timestamp(millisecondsSinceEpoch: minutes > 0 ? .max : .min) }
        return Timestamp(millisecondsSinceEpoch: sum)
    }

    public var description: String { rfc3339 }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    private static func saturatingProduct(_ value: Int64, _ factor: Int64) -> Int64 {
        let (product, overflow) = value.multipliedReportingOverflow(by: factor)
        if overflow { return value > 0 ? .max : .min }
        return product
    }
}
