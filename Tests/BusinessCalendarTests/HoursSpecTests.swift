import Testing
@testable import BusinessCalendar

struct HoursSpecTests {
    @Test func parsesSingleAndSplitIntervals() throws {
        #expect(try DailyHours.parse("09:00-17:00").intervals == [ClosedOpenMinutes(start: 540, end: 1020)!])
        #expect(try DailyHours.parse("08:00-12:00,13:00-17:30").intervals
            == [ClosedOpenMinutes(start: 480, end: 720)!, ClosedOpenMinutes(start: 780, end: 1050)!])
        #expect(try DailyHours.parse(" 13:00-17:00 , 8:00-12:00 ").intervals.map(\.start) == [480, 780])
        #expect(try DailyHours.parse("00:00-24:00").intervals == [ClosedOpenMinutes(start: 0, end: 1440)!])
        #expect(try DailyHours.parse("22:00-24:00,00:00-02:00").intervals.map(\.end) == [120, 1440])
    }

    @Test func mergesTouchingIntervals() throws {
        #expect(try DailyHours.parse("08:00-12:00,12:00-17:00") == DailyHours.parse("08:00-17:00"))
    }

    @Test(arguments: ["closed", "Closed", "", "  "])
    func parsesClosedDays(spec: String) throws {
        #expect(try DailyHours.parse(spec) == .closed)
        #expect(DailyHours.closed.intervals.isEmpty)
    }

    @Test(arguments: [
        ("09:00-12:00,11:00-17:00", "overlap"),
        ("09:00-17:00,10:00-11:00", "overlap"),
        ("17:00-09:00", "end must be after start"),
        ("09:00-09:00", "end must be after start"),
        ("09:00-25:00", "hour must be 00-23"),
        ("24:00-24:00", "only allowed as an end"),
        ("09:60-17:00", "minute must be 00-59"),
        ("24:30-24:00", "hour must be 00-23"),
        ("garbage", "not an interval"),
        ("09:00", "not an interval"),
        ("09:00-17:00-18:00", "not an interval"),
        ("9-17", "not a time"),
        ("09:00-17:00,", "not an interval"),
        ("0900-1700", "not a time"),
        ("09:0a-17:00", "not a time"),
    ])
    func rejectsBadSpecsWithMessage(spec: String, expectedFragment: String) {
        do {
            _ = try DailyHours.parse(spec)
            Issue.record("\(spec) was accepted")
        } catch {
            #expect(error.message.contains(expectedFragment), "\(error.message)")
            #expect(error.description == error.message)
        }
    }

    @Test func closedOpenMinutesValidation() {
        #expect(ClosedOpenMinutes(start: 0, end: 1440) != nil)
        #expect(ClosedOpenMinutes(start: -1, end: 10) == nil)
        #expect(ClosedOpenMinutes(start: 10, end: 10) == nil)
        #expect(ClosedOpenMinutes(start: 0, end: 1441) == nil)
    }

    @Test func weeklyHoursDefaultsAndTotals() throws {
        let standard = WeeklyHours.mondayToFridayNineToFive
        #expect(standard.minutesPerWeek == 5 * 480)
        #expect(standard[.monday] == (try DailyHours.parse("09:00-17:00")))
        #expect(standard[.saturday] == .closed)
        #expect(standard[.sunday] == .closed)
        let partial = WeeklyHours([.wednesday: try DailyHours.parse("10:00-11:30,14:00-15:00")])
        #expect(partial.minutesPerWeek == 150)
        #expect(partial[.tuesday] == .closed)
        #expect(try weeklyHours(everyDay: "00:00-24:00").minutesPerWeek == 7 * 1440)
    }
}
