import Testing
@testable import BusinessCalendar

struct CivilDateTests {
    @Test func dayNumbersOfKnownDates() {
        #expect(CivilCalendar.dayNumber(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilCalendar.dayNumber(year: 1969, month: 12, day: 31) == -1)
        #expect(CivilCalendar.dayNumber(year: 2000, month: 2, day: 29) == 11_016)
        #expect(CivilCalendar.dayNumber(year: 2000, month: 3, day: 1) == 11_017)
        #expect(CivilCalendar.dayNumber(year: 2026, month: 11, day: 27) == 20_784)
        #expect(CivilCalendar.dayNumber(year: 2100, month: 3, day: 1) == 47_541)
    }

    @Test func leapYearRules() {
        #expect(CivilCalendar.isLeapYear(2024))
        #expect(CivilCalendar.isLeapYear(2000))
        #expect(!CivilCalendar.isLeapYear(2100))
        #expect(!CivilCalendar.isLeapYear(1900))
        #expect(!CivilCalendar.isLeapYear(2026))
        #expect(LocalDate(year: 2024, month: 2, day: 29) != nil)
        #expect(LocalDate(year: 2000, month: 2, day: 29) != nil)
        #expect(LocalDate(year: 2100, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 2026, month: 2, day: 29) == nil)
        #expect(CivilCalendar.dayNumber(year: 2100, month: 3, day: 1) - CivilCalendar.dayNumber(year: 2100, month: 2, day: 28) == 1)
        #expect(CivilCalendar.dayNumber(year: 2024, month: 3, day: 1) - CivilCalendar.dayNumber(year: 2024, month: 2, day: 28) == 2)
    }

    @Test func dayNumberRoundTripsAndIsContinuous() {
        var previous = CivilCalendar.civilDate(fromDayNumber: -800_000)
        for dayNumber in -799_999...800_000 {
            let civil = CivilCalendar.civilDate(fromDayNumber: dayNumber)
            #expect(CivilCalendar.dayNumber(year: civil.year, month: civil.month, day: civil.day) == dayNumber)
            let isNextDay = civil.day == previous.day + 1 && civil.month == previous.month
            let isNextMonth = civil.day == 1 && (civil.month == previous.month + 1 || (civil.month == 1 && civil.year == previous.year + 1))
            if !(isNextDay || isNextMonth) {
                Issue.record("discontinuity at day \(dayNumber): \(previous) -> \(civil)")
                break
            }
            previous = civil
        }
    }

    @Test func weekdays() {
        #expect(CivilCalendar.weekday(ofDayNumber: 0) == .thursday)
        #expect(CivilCalendar.weekday(ofDayNumber: -1) == .wednesday)
        #expect(CivilCalendar.weekday(ofDayNumber: 11_016) == .tuesday)
        #expect(CivilCalendar.weekday(ofDayNumber: 47_541) == .monday)
        #expect(CivilCalendar.weekday(ofDayNumber: 20_784) == .friday)
    }

    @Test func localDateValidationAndParsing() throws {
        #expect(LocalDate(year: 2026, month: 13, day: 1) == nil)
        #expect(LocalDate(year: 2026, month: 4, day: 31) == nil)
        #expect(LocalDate(year: 2026, month: 1, day: 0) == nil)
        #expect(LocalDate(year: 10_000, month: 1, day: 1) == nil)
        let parsed = try #require(LocalDate.parse("2026-11-27"))
        #expect(parsed == LocalDate(year: 2026, month: 11, day: 27))
        #expect(parsed.description == "2026-11-27")
        for bad in ["2026-02-30", "2026-11-27T00:00", "2026-1-27", "20261127", "", "2026-11-2x", "2100-02-29"] {
            #expect(LocalDate.parse(bad) == nil, "\(bad)")
        }
        #expect(try date("2025-12-31") < date("2026-01-01"))
        #expect(try date("2026-02-28") < date("2026-03-01"))
    }

    @Test func weekdayParsing() {
        #expect(Weekday.parse("mon") == .monday)
        #expect(Weekday.parse("Monday") == .monday)
        #expect(Weekday.parse("SUN") == .sunday)
        #expect(Weekday.parse("thursday") == .thursday)
        #expect(Weekday.parse("mo") == nil)
        #expect(Weekday.parse("funday") == nil)
        #expect(Weekday.parse("") == nil)
    }
}
