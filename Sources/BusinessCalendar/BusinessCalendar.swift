import Foundation

/// Business hours in one time zone, with holidays, answering "when is N business minutes after t?".
///
/// All Foundation work happens in `init` (building the UTC-offset transition table);
/// queries use integer arithmetic and binary searches only.
///
/// How wall-clock hours map to real time on DST days:
/// - An interval opens at the *first* instant whose wall time reaches its start: the first
///   occurrence of an ambiguous (fall-back) time, or the end of the gap when the start does not
///   exist (spring-forward).
/// - It closes at the *last* instant at which the wall clock reaches its end, so it contains
///   every instant whose wall time lies in [start, end) and the elapsed business time is the
///   real duration between the two. A 00:00–24:00 day therefore lasts 23 or 25 real hours, and
///   01:30–03:00 on a fall-back day (01:00–02:00 repeated) lasts 2.5 hours.
/// - Business minutes are real (UTC) minutes.
/// - Offsets are exact for 1900–2200; outside that range the nearest known offset is used.
public struct BusinessCalendar: Sendable {
    /// After this many consecutive days without business time (only possible through holidays,
    /// since `init` rejects an empty week) `addingBusinessMinutes` gives up.
    static let maximumBusinessFreeDays = 400
    /// Instants are clamped to 0001-01-01...9999-12-31 (UTC) so that day arithmetic cannot overflow.
    static let firstSupportedDay = CivilCalendar.dayNumber(year: 1, month: 1, day: 1)
    static let lastSupportedDay = CivilCalendar.dayNumber(year: 9999, month: 12, day: 31)
    /// Requests beyond 10,000 years of minutes are clamped.
    static let maximumMinutes = 5_300_000_000

    public let timeZoneIdentifier: String
    public let weeklyHours: WeeklyHours
    public let holidays: Set<LocalDate>

    let offsetTable: UTCOffsetTable
    let intervalsByWeekday: [[ClosedOpenMinutes]]
    let holidayDayNumbers: Set<Int>
    let sortedHolidayDayNumbers: [Int]
    let businessMillisecondsPerWeek: Int64

    /// Throws when the zone identifier is unknown (suggesting close identifiers) or the week has no business hours.
    public init(timeZoneIdentifier: String, weeklyHours: WeeklyHours, holidays: Set<LocalDate> = []) throws(CalendarSpecError) {
        guard let timeZone = TimeZone(identifier: timeZoneIdentifier) else {
            let suggestions = TimeZoneSuggestions.closeMatches(for: timeZoneIdentifier)
            let hint = suggestions.isEmpty
                ? "use an IANA identifier such as \"Europe/Berlin\" or \"UTC\""
                : "did you mean " + suggestions.map { "\"\($0)\"" }.joined(separator: ", ") + "?"
            throw CalendarSpecError(message: "unknown time zone identifier \"\(timeZoneIdentifier)\"; \(hint)")
        }
        guard weeklyHours.minutesPerWeek > 0 else {
            throw CalendarSpecError(message: "weekly hours contain no business time; at least one day needs open hours")
        }
        self.timeZoneIdentifier = timeZoneIdentifier
        self.weeklyHours = weeklyHours
        self.holidays = holidays
        offsetTable = UTCOffsetTable(timeZone: timeZone)
        intervalsByWeekday = Weekday.allCases.map { weeklyHours[$0].intervals }
        holidayDayNumbers = Set(holidays.map(\.dayNumber))
        sortedHolidayDayNumbers = holidayDayNumbers.sorted()
        businessMillisecondsPerWeek = Int64(weeklyHours.minutesPerWeek) * 60_000
    }

    public func isOpen(at instant: Timestamp) -> Bool {
        let milliseconds = clampedMilliseconds(instant)
        let day = localDayNumber(ofMilliseconds: milliseconds)
        for candidateDay in (day - 1)...(day + 1) {
            for interval in businessIntervals(onDay: candidateDay) {
                let (open, close) = utcBounds(of: interval, onDay: candidateDay)
                if open <= milliseconds && milliseconds < close { return true }
            }
        }
        return false
    }

    /// Local wall date of an instant in this zone.
    public func localDate(of instant: Timestamp) -> LocalDate {
        LocalDate(dayNumber: localDayNumber(ofMilliseconds: clampedMilliseconds(instant)))
    }

    public func utcOffsetSeconds(at instant: Timestamp) -> Int {
        let second = CivilCalendar.floorDivide(instant.millisecondsSinceEpoch, CivilCalendar.millisecondsPerSecond)
        return Int(offsetTable.offsetSeconds(atUTCSecond: second))
    }

    // MARK: - Hot-path helpers

    func businessIntervals(onDay dayNumber: Int) -> [ClosedOpenMinutes] {
        if !holidayDayNumbers.isEmpty && holidayDayNumbers.contains(dayNumber) { return [] }
        return intervalsByWeekday[CivilCalendar.weekday(ofDayNumber: dayNumber).rawValue - 1]
    }

    /// UTC milliseconds [open, close) of a wall-clock interval on a local day; see the type's DST notes.
    func utcBounds(of interval: ClosedOpenMinutes, onDay dayNumber: Int) -> (open: Int64, close: Int64) {
        let midnight = Int64(dayNumber) * CivilCalendar.secondsPerDay
        let open = offsetTable.firstInstant(atOrAfterWall: midnight + Int64(interval.start) * 60)
        let close = offsetTable.lastInstant(reachingWall: midnight + Int64(interval.end) * 60)
        return (open * CivilCalendar.millisecondsPerSecond, close * CivilCalendar.millisecondsPerSecond)
    }

    func localDayNumber(ofMilliseconds milliseconds: Int64) -> Int {
        let second = CivilCalendar.floorDivide(milliseconds, CivilCalendar.millisecondsPerSecond)
        let wallSecond = second + offsetTable.offsetSeconds(atUTCSecond: second)
        return Int(CivilCalendar.floorDivide(wallSecond, CivilCalendar.secondsPerDay))
    }

    /// The first instant of a local day, in UTC milliseconds.
    func startOfDayMilliseconds(_ dayNumber: Int) -> Int64 {
        offsetTable.firstInstant(atOrAfterWall: Int64(dayNumber) * CivilCalendar.secondsPerDay)
            * CivilCalendar.millisecondsPerSecond
    }

    func clampedMilliseconds(_ instant: Timestamp) -> Int64 {
        let perDay = CivilCalendar.secondsPerDay * CivilCalendar.millisecondsPerSecond
        let lowest = Int64(Self.firstSupportedDay) * perDay
        let highest = Int64(Self.lastSupportedDay + 1) * perDay - 1
        return min(max(instant.millisecondsSinceEpoch, lowest), highest)
    }
}
