import Testing
@testable import BusinessCalendar

/// DST behaviour: elapsed business time is real time; nonexistent wall times are skipped;
/// an interval opens at the first occurrence of an ambiguous start and closes at the last
/// occurrence of an ambiguous end.
struct DaylightSavingTests {
    private func due(_ businessCalendar: BusinessCalendar, _ start: String, plus minutes: Int) throws -> String {
        businessCalendar.addingBusinessMinutes(minutes, to: try timestamp(start)).rfc3339
    }

    private func sundayOnly(_ zone: String, _ spec: String) throws -> BusinessCalendar {
        try calendar(zone, weeklyHours([.sunday: spec]))
    }

    // MARK: America/Los_Angeles: 2026-03-08 02:00 PST → 03:00 PDT, 2026-11-01 02:00 PDT → 01:00 PST

    @Test func losAngelesSpringForwardDayHas23BusinessHours() throws {
        let sunday = try sundayOnly("America/Los_Angeles", "00:00-24:00")
        #expect(try due(sunday, "2026-03-07T12:00:00-08:00", plus: 0) == "2026-03-08T08:00:00Z")
        #expect(try due(sunday, "2026-03-07T12:00:00-08:00", plus: 23 * 60) == "2026-03-09T07:00:00Z")
        #expect(try due(sunday, "2026-03-07T12:00:00-08:00", plus: 23 * 60 + 1) == "2026-03-15T07:01:00Z")
        #expect(try due(sunday, "2026-03-08T01:59:00-08:00", plus: 2) == "2026-03-08T10:01:00Z")   // 03:01 PDT
    }

    @Test func losAngelesFallBackDayHas25BusinessHours() throws {
        let sunday = try sundayOnly("America/Los_Angeles", "00:00-24:00")
        #expect(try due(sunday, "2026-10-31T12:00:00-07:00", plus: 25 * 60) == "2026-11-02T08:00:00Z")
        #expect(try due(sunday, "2026-10-31T12:00:00-07:00", plus: 25 * 60 + 1) == "2026-11-08T08:01:00Z")
        // 01:30 PDT + 60 real minutes = 01:30 PST.
        #expect(try due(sunday, "2026-11-01T01:30:00-07:00", plus: 60) == "2026-11-01T09:30:00Z")
    }

    @Test func losAngelesIntervalAcrossTheGapCountsRealTime() throws {
        let sunday = try sundayOnly("America/Los_Angeles", "01:00-03:00")
        #expect(try due(sunday, "2026-03-07T12:00:00-08:00", plus: 60) == "2026-03-08T10:00:00Z")
        #expect(try due(sunday, "2026-03-07T12:00:00-08:00", plus: 61) == "2026-03-15T08:01:00Z")
        #expect(sunday.isOpen(at: try timestamp("2026-03-08T09:59:59Z")))
        #expect(!sunday.isOpen(at: try timestamp("2026-03-08T10:00:00Z")))
    }

    @Test func losAngelesIntervalStartingInsideTheGapOpensWhenTheGapEnds() throws {
        let sunday = try sundayOnly("America/Los_Angeles", "02:30-04:00")
        #expect(try due(sunday, "2026-03-07T12:00:00-08:00", plus: 0) == "2026-03-08T10:00:00Z")    // 03:00 PDT
        #expect(try due(sunday, "2026-03-07T12:00:00-08:00", plus: 60) == "2026-03-08T11:00:00Z")
        #expect(try due(sunday, "2026-03-07T12:00:00-08:00", plus: 61) == "2026-03-15T09:31:00Z")
    }

    @Test func losAngelesAmbiguousStartUsesFirstOccurrence() throws {
        let sunday = try sundayOnly("America/Los_Angeles", "01:30-03:00")
        #expect(try due(sunday, "2026-10-31T12:00:00-07:00", plus: 0) == "2026-11-01T08:30:00Z")    // 01:30 PDT
        #expect(try due(sunday, "2026-10-31T12:00:00-07:00", plus: 150) == "2026-11-01T11:00:00Z")  // 03:00 PST
        #expect(try due(sunday, "2026-10-31T12:00:00-07:00", plus: 151) == "2026-11-08T09:31:00Z")
        #expect(sunday.isOpen(at: try timestamp("2026-11-01T01:10:00-08:00")))   // repeated hour counts
    }

    @Test func losAngelesAmbiguousEndUsesLastOccurrence() throws {
        let sunday = try sundayOnly("America/Los_Angeles", "00:00-01:30")
        #expect(try due(sunday, "2026-10-31T12:00:00-07:00", plus: 150) == "2026-11-01T09:30:00Z")  // 01:30 PST
        #expect(!sunday.isOpen(at: try timestamp("2026-11-01T09:30:00Z")))
    }

    @Test func losAngelesNormalHoursTheMondayAfter() throws {
        let weekdays = try calendar("America/Los_Angeles")
        #expect(try due(weekdays, "2026-03-06T16:00:00-08:00", plus: 120) == "2026-03-09T17:00:00Z")  // 10:00 PDT
        #expect(try due(weekdays, "2026-10-30T16:00:00-07:00", plus: 120) == "2026-11-02T18:00:00Z")  // 10:00 PST
        #expect(try due(weekdays, "2026-03-06T09:00:00-08:00", plus: 2_400) == "2026-03-13T00:00:00Z")   // Thursday 17:00 PDT
    }

    @Test func aroundTheClockWeekAcrossLosAngelesTransitions() throws {
        let always = try calendar("America/Los_Angeles", weeklyHours(everyDay: "00:00-24:00"))
        #expect(try due(always, "2026-03-08T00:00:00-08:00", plus: 1_440) == "2026-03-09T08:00:00Z")   // 01:00 PDT
        #expect(try due(always, "2026-11-01T00:00:00-07:00", plus: 1_440) == "2026-11-02T07:00:00Z")   // 23:00 PST
    }

    // MARK: Europe/Berlin: 2026-03-29 02:00 CET → 03:00 CEST, 2026-10-25 03:00 CEST → 02:00 CET

    @Test func berlinTransitionDaysHave23And25Hours() throws {
        let sunday = try sundayOnly("Europe/Berlin", "00:00-24:00")
        #expect(try due(sunday, "2026-03-28T12:00:00+01:00", plus: 0) == "2026-03-28T23:00:00Z")
        #expect(try due(sunday, "2026-03-28T12:00:00+01:00", plus: 23 * 60) == "2026-03-29T22:00:00Z")
        #expect(try due(sunday, "2026-03-28T12:00:00+01:00", plus: 23 * 60 + 1) == "2026-04-04T22:01:00Z")
        #expect(try due(sunday, "2026-10-24T12:00:00+02:00", plus: 25 * 60) == "2026-10-25T23:00:00Z")
        #expect(try due(sunday, "2026-10-24T12:00:00+02:00", plus: 25 * 60 + 1) == "2026-10-31T23:01:00Z")
    }

    @Test func berlinGapAndRepeatedHourIntervals() throws {
        let spring = try sundayOnly("Europe/Berlin", "02:00-04:00")
        #expect(try due(spring, "2026-03-28T12:00:00+01:00", plus: 0) == "2026-03-29T01:00:00Z")    // 03:00 CEST
        #expect(try due(spring, "2026-03-28T12:00:00+01:00", plus: 60) == "2026-03-29T02:00:00Z")
        let autumn = try sundayOnly("Europe/Berlin", "02:00-03:00")
        #expect(try due(autumn, "2026-10-24T12:00:00+02:00", plus: 0) == "2026-10-25T00:00:00Z")    // 02:00 CEST
        #expect(try due(autumn, "2026-10-24T12:00:00+02:00", plus: 120) == "2026-10-25T02:00:00Z")  // 03:00 CET
    }

    @Test func berlinNormalHoursTheMondayAfter() throws {
        let weekdays = try calendar("Europe/Berlin")
        #expect(try due(weekdays, "2026-03-27T16:00:00+01:00", plus: 120) == "2026-03-30T08:00:00Z")  // 10:00 CEST
        #expect(try due(weekdays, "2026-10-23T16:00:00+02:00", plus: 120) == "2026-10-26T09:00:00Z")  // 10:00 CET
    }

    @Test func aroundTheClockWeekAcrossBerlinTransitions() throws {
        let always = try calendar("Europe/Berlin", weeklyHours(everyDay: "00:00-24:00"))
        #expect(try due(always, "2026-03-29T00:00:00+01:00", plus: 1_440) == "2026-03-29T23:00:00Z")   // 01:00 CEST
        #expect(try due(always, "2026-10-25T00:00:00+02:00", plus: 1_440) == "2026-10-25T22:00:00Z")   // 23:00 CET
    }

    @Test func localDateAndOffsetAroundTransitions() throws {
        let berlin = try calendar("Europe/Berlin")
        #expect(berlin.utcOffsetSeconds(at: try timestamp("2026-03-29T00:59:59Z")) == 3_600)
        #expect(berlin.utcOffsetSeconds(at: try timestamp("2026-03-29T01:00:00Z")) == 7_200)
        #expect(berlin.utcOffsetSeconds(at: try timestamp("2026-10-25T00:59:59Z")) == 7_200)
        #expect(berlin.utcOffsetSeconds(at: try timestamp("2026-10-25T01:00:00Z")) == 3_600)
        #expect(berlin.localDate(of: try timestamp("2026-10-24T22:00:00Z")) == (try date("2026-10-25")))
        #expect(berlin.localDate(of: try timestamp("2026-10-24T21:59:59.999Z")) == (try date("2026-10-24")))
        let losAngeles = try calendar("America/Los_Angeles")
        #expect(losAngeles.localDate(of: try timestamp("2026-11-02T07:59:59Z")) == (try date("2026-11-01")))
        #expect(losAngeles.localDate(of: try timestamp("2026-11-02T08:00:00Z")) == (try date("2026-11-02")))
    }
}
