import Testing
@testable import BusinessCalendar

struct BusinessMinutesTests {
    let losAngeles: BusinessCalendar

    init() throws {
        losAngeles = try calendar("America/Los_Angeles")
    }

    private func due(_ start: String, plus minutes: Int, in businessCalendar: BusinessCalendar? = nil) throws -> String {
        (businessCalendar ?? losAngeles).addingBusinessMinutes(minutes, to: try timestamp(start)).rfc3339
    }

    @Test func fridayAfternoonRollsOverTheWeekend() throws {
        #expect(try due("2026-11-27T16:30:00-08:00", plus: 120) == "2026-11-30T18:30:00Z")   // Monday 10:30 PST
    }

    @Test func startOnSaturdayCountsFromMondayOpening() throws {
        #expect(try due("2026-11-28T11:00:00-08:00", plus: 45) == "2026-11-30T17:45:00Z")
        #expect(try due("2026-11-28T11:00:00-08:00", plus: 0) == "2026-11-30T17:00:00Z")
    }

    @Test func holidayOnMondayPushesToTuesday() throws {
        let withHoliday = try calendar("America/Los_Angeles", holidays: ["2026-11-30"])
        #expect(try due("2026-11-27T16:30:00-08:00", plus: 120, in: withHoliday) == "2026-12-01T18:30:00Z")
        #expect(!withHoliday.isOpen(at: try timestamp("2026-11-30T10:00:00-08:00")))
    }

    @Test func startExactlyAtOpening() throws {
        #expect(try due("2026-11-30T09:00:00-08:00", plus: 60) == "2026-11-30T18:00:00Z")
        #expect(try due("2026-11-30T09:00:00-08:00", plus: 0) == "2026-11-30T17:00:00Z")
        #expect(losAngeles.isOpen(at: try timestamp("2026-11-30T09:00:00-08:00")))
        #expect(!losAngeles.isOpen(at: try timestamp("2026-11-30T08:59:59.999-08:00")))
    }

    @Test func startExactlyAtClosing() throws {
        #expect(try due("2026-11-30T17:00:00-08:00", plus: 0) == "2026-12-01T17:00:00Z")
        #expect(try due("2026-11-30T17:00:00-08:00", plus: 60) == "2026-12-01T18:00:00Z")
        #expect(!losAngeles.isOpen(at: try timestamp("2026-11-30T17:00:00-08:00")))
        #expect(losAngeles.isOpen(at: try timestamp("2026-11-30T16:59:59.999-08:00")))
    }

    @Test func landingOnClosingReturnsTheClosingInstant() throws {
        #expect(try due("2026-11-27T16:00:00-08:00", plus: 60) == "2026-11-28T01:00:00Z")   // Friday 17:00 PST
        #expect(try due("2026-11-27T16:00:00-08:00", plus: 61) == "2026-11-30T17:01:00Z")
    }

    @Test func keepsMillisecondsOfTheStart() throws {
        #expect(try due("2026-11-30T10:00:00.250-08:00", plus: 1) == "2026-11-30T18:01:00.250Z")
    }

    @Test func negativeMinutesBehaveLikeZero() throws {
        #expect(try due("2026-11-28T11:00:00-08:00", plus: -5) == "2026-11-30T17:00:00Z")
    }

    @Test func crossesMidnightBetweenLateAndEarlyHours() throws {
        let nightShift = try calendar("UTC", weeklyHours(everyDay: "00:00-02:00,22:00-24:00"))
        #expect(try due("2026-11-27T23:30:00Z", plus: 60, in: nightShift) == "2026-11-28T00:30:00Z")
        #expect(try due("2026-11-27T23:30:00Z", plus: 150, in: nightShift) == "2026-11-28T02:00:00Z")
        #expect(try due("2026-11-27T23:30:00Z", plus: 151, in: nightShift) == "2026-11-28T22:01:00Z")
        #expect(try due("2026-11-28T01:59:00Z", plus: 2, in: nightShift) == "2026-11-28T22:01:00Z")
        #expect(nightShift.isOpen(at: try timestamp("2026-11-28T00:00:00Z")))
        #expect(!nightShift.isOpen(at: try timestamp("2026-11-28T02:00:00Z")))

        let mondayNight = try calendar("America/Los_Angeles", weeklyHours([.monday: "22:00-24:00", .tuesday: "00:00-02:00"]))
        #expect(try due("2026-11-30T23:00:00-08:00", plus: 90, in: mondayNight) == "2026-12-01T08:30:00Z")
        #expect(try due("2026-12-01T01:30:00-08:00", plus: 31, in: mondayNight) == "2026-12-08T06:01:00Z")
    }

    @Test func multiDaySpans() throws {
        #expect(try due("2026-11-30T09:00:00-08:00", plus: 2_400) == "2026-12-05T01:00:00Z")   // Friday 17:00 PST
        #expect(try due("2026-11-30T09:00:00-08:00", plus: 2_401) == "2026-12-07T17:01:00Z")
        #expect(try due("2026-12-02T13:00:00-08:00", plus: 2_400) == "2026-12-09T21:00:00Z")   // next Wednesday 13:00
        #expect(try due("2026-12-02T13:00:00-08:00", plus: 4_800) == "2026-12-16T21:00:00Z")
    }

    @Test func splitDayHours() throws {
        let split = try calendar("UTC", weeklyHours([.monday: "08:00-12:00,13:00-17:00"]))
        #expect(try due("2026-11-30T11:30:00Z", plus: 60, in: split) == "2026-11-30T13:30:00Z")
        #expect(try due("2026-11-30T12:30:00Z", plus: 0, in: split) == "2026-11-30T13:00:00Z")
        #expect(try due("2026-11-30T16:30:00Z", plus: 60, in: split) == "2026-12-07T08:30:00Z")
    }

    @Test func aroundTheClockCalendarMatchesPlainArithmetic() throws {
        let always = try calendar("America/Los_Angeles", weeklyHours(everyDay: "00:00-24:00"))
        var generator = SplitMix64(seed: 11)
        for _ in 0..<500 {
            let start = Timestamp(millisecondsSinceEpoch: Int64.random(in: 1_700_000_000_000...1_900_000_000_000, using: &generator))
            let minutes = Int.random(in: 0...200_000, using: &generator)
            #expect(always.addingBusinessMinutes(minutes, to: start) == start.adding(minutes: minutes))
        }
    }

    /// Exercises the whole-week fast path: one large request must equal many small chained ones.
    @Test func largeRequestsEqualChainedSmallRequests() throws {
        let zones = ["America/Los_Angeles", "Europe/Berlin", "Australia/Sydney", "UTC"]
        let holidays = ["2026-12-25", "2027-01-01", "2027-05-31", "2027-07-05", "2028-02-29"]
        for zone in zones {
            let businessCalendar = try calendar(zone, weeklyHours([.monday: "09:00-17:00", .wednesday: "00:00-24:00", .saturday: "22:00-24:00", .sunday: "00:00-03:00"]), holidays: holidays)
            var chained = try timestamp("2026-09-01T10:15:00Z")
            let start = chained
            for step in 1...150 {
                chained = businessCalendar.addingBusinessMinutes(2_000, to: chained)
                #expect(businessCalendar.addingBusinessMinutes(2_000 * step, to: start) == chained, "\(zone) step \(step)")
            }
        }
    }

    @Test func holidayListCoveringMoreThanAYearStopsTheSearch() throws {
        let dates = (0..<500).map { LocalDate(dayNumber: CivilCalendar.dayNumber(year: 2026, month: 1, day: 5) + $0).description }
        let neverOpen = try calendar("UTC", holidays: dates)
        let start = try timestamp("2026-01-05T10:00:00Z")
        let result = neverOpen.addingBusinessMinutes(60, to: start)
        #expect(result == (try timestamp("2027-02-08T00:00:00Z")))   // the midnight ending 400 business-free days (from Jan 4)
        #expect(!neverOpen.isOpen(at: result))
    }

    @Test func longHolidayListStillFindsTheNextBusinessDay() throws {
        let dates = (0..<300).map { LocalDate(dayNumber: CivilCalendar.dayNumber(year: 2026, month: 1, day: 5) + $0).description }
        let mostlyClosed = try calendar("UTC", holidays: dates)
        // 2026-01-05 + 300 days = 2026-11-01 (Sunday); first open day is Monday 2026-11-02.
        #expect(try due("2026-01-05T10:00:00Z", plus: 30, in: mostlyClosed) == "2026-11-02T09:30:00Z")
    }

    @Test func extremeInputsTerminateWithinTheSupportedRange() throws {
        let horizon = try timestamp("9999-12-31T00:00:00Z")
        for start in [Timestamp(millisecondsSinceEpoch: .min), Timestamp(millisecondsSinceEpoch: .max), try timestamp("2026-11-27T16:30:00Z")] {
            let result = losAngeles.addingBusinessMinutes(.max, to: start)
            #expect(result > horizon)
            #expect(losAngeles.addingBusinessMinutes(60, to: start) >= Timestamp(millisecondsSinceEpoch: -62_135_596_800_000))
        }
        #expect(losAngeles.addingBusinessMinutes(0, to: Timestamp(millisecondsSinceEpoch: .min)).rfc3339 == "0001-01-01T17:00:00Z")
    }

    @Test func zeroMinutesMatchesIsOpen() throws {
        let hours = try weeklyHours([.monday: "09:00-17:00", .tuesday: "00:00-02:00,22:00-24:00", .saturday: "10:00-10:30"])
        let businessCalendar = try calendar("Europe/Berlin", hours, holidays: ["2026-10-27"])
        var generator = SplitMix64(seed: 3)
        for _ in 0..<3_000 {
            let start = Timestamp(millisecondsSinceEpoch: Int64.random(in: 1_780_000_000_000...1_800_000_000_000, using: &generator))
            let next = businessCalendar.addingBusinessMinutes(0, to: start)
            #expect((next == start) == businessCalendar.isOpen(at: start))
            #expect(businessCalendar.isOpen(at: next))
        }
    }
}
