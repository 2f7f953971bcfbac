/// Business hours of one day as wall-clock intervals [start, end) in minutes after local midnight; end may be 1440 (24:00).
public struct DailyHours: Sendable, Hashable {
    /// Sorted, non-overlapping; touching intervals are merged.
    public let intervals: [ClosedOpenMinutes]

    public static let closed = DailyHours(validatedIntervals: [])

    /// Sorts the intervals, merges touching ones and rejects overlaps.
    public init(_ intervals: [ClosedOpenMinutes]) throws(CalendarSpecError) {
        let sorted = intervals.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        var merged: [ClosedOpenMinutes] = []
        for interval in sorted {
            guard let last = merged.last else {
                merged.append(interval)
                continue
            }
            if interval.start < last.end {
                throw CalendarSpecError(message: "intervals \(Self.format(last)) and \(Self.format(interval)) overlap")
            }
            if interval.start == last.end {
                merged[merged.count - 1] = ClosedOpenMinutes(start: last.start, end: interval.end)!
            } else {
                merged.append(interval)
            }
        }
        self.init(validatedIntervals: merged)
    }

    private init(validatedIntervals: [ClosedOpenMinutes]) {
        self.intervals = validatedIntervals
    }

    var totalMinutes: Int {
        intervals.reduce(0) { $0 + $1.duration }
    }

    /// "09:00-17:00", "08:00-12:00,13:00-17:00", "00:00-24:00", "closed" (also "").
    public static func parse(_ text: String) throws(CalendarSpecError) -> DailyHours {
        let trimmed = trimmingSpaces(Substring(text))
        if trimmed.isEmpty || trimmed.lowercased() == "closed" { return .closed }
        var intervals: [ClosedOpenMinutes] = []
        for part in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            intervals.append(try parseInterval(trimmingSpaces(part), in: text))
        }
        return try DailyHours(intervals)
    }

    private static func parseInterval(_ text: Substring, in spec: String) throws(CalendarSpecError) -> ClosedOpenMinutes {
        let bounds = text.split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count == 2 else {
            throw CalendarSpecError(message: "\"\(text)\" in \"\(spec)\" is not an interval; expected HH:MM-HH:MM")
        }
        let start = try parseTime(trimmingSpaces(bounds[0]), in: spec)
        let end = try parseTime(trimmingSpaces(bounds[1]), in: spec)
        if start == ClosedOpenMinutes.minutesPerDay {
            throw CalendarSpecError(message: "interval \"\(text)\" in \"\(spec)\" starts at 24:00; 24:00 is only allowed as an end")
        }
        guard let interval = ClosedOpenMinutes(start: start, end: end) else {
            throw CalendarSpecError(message: "interval \"\(text)\" in \"\(spec)\": end must be after start")
        }
        return interval
    }

    /// "H:MM" or "HH:MM", 00:00–23:59, plus 24:00.
    private static func parseTime(_ text: Substring, in spec: String) throws(CalendarSpecError) -> Int {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 2, (1...2).contains(fields[0].count), fields[1].count == 2,
              fields.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hour = Int(fields[0]), let minute = Int(fields[1])
        else {
            throw CalendarSpecError(message: "\"\(text)\" in \"\(spec)\" is not a time; expected HH:MM")
        }
        guard minute <= 59 else {
            throw CalendarSpecError(message: "\"\(text)\" in \"\(spec)\": minute must be 00-59")
        }
        guard hour <= 23 || (hour == 24 && minute == 0) else {
            throw CalendarSpecError(message: "\"\(text)\" in \"\(spec)\": hour must be 00-23 (24:00 is allowed as an end)")
        }
        return hour * 60 + minute
    }

    private static func trimmingSpaces(_ text: Substring) -> Substring {
        var trimmed = text
        while let first = trimmed.first, first == " " || first == "\t" { trimmed.removeFirst() }
        while let last = trimmed.last, last == " " || last == "\t" { trimmed.removeLast() }
        return trimmed
    }

    private static func format(_ interval: ClosedOpenMinutes) -> String {
        "\"\(formatTime(interval.start))-\(formatTime(interval.end))\""
    }

    private static func formatTime(_ minutes: Int) -> String {
        var bytes: [UInt8] = []
        RFC3339Formatter.appendPadded(minutes / 60, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        RFC3339Formatter.appendPadded(minutes % 60, width: 2, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
