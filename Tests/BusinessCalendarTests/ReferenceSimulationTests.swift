import Foundation
import Testing
@testable import BusinessCalendar

/// Compares against a slow, independent reference that asks Foundation's Calendar for the wall
/// time of every minute. The reference treats "open" as "wall time inside an interval", which
/// matches the documented semantics whenever no interval boundary falls inside a repeated hour,
/// so the schedules below keep boundaries away from 01:00–03:00.
struct ReferenceSimulationTests {
    private struct Reference {
        let calendar: Calendar
        let hours: WeeklyHours
        let holidays: Set<LocalDate>

        init(zone: String, hours: WeeklyHours, holidays: Set<LocalDate>) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: zone)!
            self.calendar = calendar
            self.hours = hours
            self.holidays = holidays
        }

        func isOpen(_ second: Int64) -> Bool {
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday],
                                                from: Date(timeIntervalSince1970: TimeInterval(second)))
            guard let localDate = LocalDate(year: parts.year!, month: parts.month!, day: parts.day!),
                  !holidays.contains(localDate) else { return false }
            let weekday = Weekday(rawValue: (parts.weekday! + 5) % 7 + 1)!   // Foundation: Sunday = 1
            let minute = parts.hour! * 60 + parts.minute!
            return hours[weekday].intervals.contains { $0.start <= minute && minute < $0.end }
        }

        /// Minute-aligned start; every interval boundary and offset change is on a whole minute.
        func addingBusinessMinutes(_ minutes: Int, toSecond start: Int64) -> Int64 {
            var second = start
            var counted = 0
            while true {
                if isOpen(second) {
                    if counted == minutes { return second }
                    counted += 1
                    if counted == minutes { return second + 60 }
                }
                second += 60
            }
        }
    }

    private static let schedules: [[Weekday: String]] = [
        [.monday: "09:00-17:00", .tuesday: "09:00-17:00", .wednesday: "09:00-17:00", .thursday: "09:00-17:00", .friday: "09:00-17:00"],
        [.monday: "08:00-12:00,13:00-17:30", .wednesday: "22:00-24:00", .thursday: "00:00-00:45,07:15-09:00", .sunday: "10:00-11:00"],
        [.saturday: "00:00-24:00", .sunday: "00:00-24:00"],
        [.friday: "20:00-24:00", .saturday: "00:00-24:00", .sunday: "00:00-24:00", .monday: "00:00-00:30"],
    ]

    @Test(arguments: ["America/Los_Angeles", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata", "Asia/Tokyo"])
    func matchesMinuteByMinuteReference(zone: String) throws {
        var generator = SplitMix64(seed: UInt64(zone.utf8.count) * 31)
        let holidays: Set<LocalDate> = [try date("2026-03-09"), try date("2026-10-26"), try date("2026-04-06"), try date("2026-12-25")]
        let transitions = ["2026-03-08T10:00:00Z", "2026-03-29T01:00:00Z", "2026-04-04T16:00:00Z",
                           "2026-10-03T16:00:00Z", "2026-10-25T01:00:00Z", "2026-11-01T09:00:00Z"]
            .map { try! timestamp($0).millisecondsSinceEpoch / 1_000 }
        for (index, schedule) in Self.schedules.enumerated() {
            let hours = try weeklyHours(schedule)
            let businessCalendar = try BusinessCalendar(timeZoneIdentifier: zone, weeklyHours: hours, holidays: holidays)
            let reference = Reference(zone: zone, hours: hours, holidays: holidays)
            for _ in 0..<12 {
                let anchor = transitions.randomElement(using: &generator)!
                let start = anchor + Int64.random(in: -6 * 1_440...2 * 1_440, using: &generator) * 60
                let minutes = Int.random(in: 0...1_500, using: &generator)
                let expected = reference.addingBusinessMinutes(minutes, toSecond: start)
                let actual = businessCalendar.addingBusinessMinutes(minutes, to: Timestamp(secondsSinceEpoch: start))
                #expect(actual == Timestamp(secondsSinceEpoch: expected),
                        "\(zone) schedule \(index): \(Timestamp(secondsSinceEpoch: start)) + \(minutes)")
                let probe = start + Int64.random(in: 0...(3 * 86_400), using: &generator)
                #expect(businessCalendar.isOpen(at: Timestamp(secondsSinceEpoch: probe)) == reference.isOpen(probe),
                        "\(zone) schedule \(index): isOpen at \(Timestamp(secondsSinceEpoch: probe))")
            }
        }
    }
}
