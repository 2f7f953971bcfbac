import Foundation
import Testing
@testable import BusinessCalendar

struct TimeZoneTests {
    private func due(_ businessCalendar: BusinessCalendar, _ start: String, plus minutes: Int) throws -> String {
        businessCalendar.addingBusinessMinutes(minutes, to: try timestamp(start)).rfc3339
    }

    @Test func kolkataHalfHourOffset() throws {
        let kolkata = try calendar("Asia/Kolkata")
        #expect(kolkata.utcOffsetSeconds(at: try timestamp("2026-11-27T00:00:00Z")) == 19_800)
        #expect(try due(kolkata, "2026-11-27T16:30:00+05:30", plus: 120) == "2026-11-30T05:00:00Z")   // Mon 10:30 IST
        #expect(kolkata.localDate(of: try timestamp("2026-11-27T18:30:00Z")) == (try date("2026-11-28")))
        #expect(kolkata.localDate(of: try timestamp("2026-11-27T18:29:59Z")) == (try date("2026-11-27")))
    }

    @Test func sydneySouthernHemisphereDaylightSaving() throws {
        let sydney = try calendar("Australia/Sydney")
        // 2026-04-05 03:00 AEDT → 02:00 AEST; 2026-10-04 02:00 AEST → 03:00 AEDT.
        #expect(sydney.utcOffsetSeconds(at: try timestamp("2026-01-15T00:00:00Z")) == 39_600)
        #expect(sydney.utcOffsetSeconds(at: try timestamp("2026-07-15T00:00:00Z")) == 36_000)
        #expect(try due(sydney, "2026-04-03T16:00:00+11:00", plus: 120) == "2026-04-06T00:00:00Z")   // Mon 10:00 AEST
        #expect(try due(sydney, "2026-10-02T16:00:00+10:00", plus: 120) == "2026-10-04T23:00:00Z")   // Mon 10:00 AEDT
        let sunday = try calendar("Australia/Sydney", weeklyHours([.sunday: "00:00-24:00"]))
        #expect(try due(sunday, "2026-04-04T12:00:00+11:00", plus: 25 * 60) == "2026-04-05T14:00:00Z")
        #expect(try due(sunday, "2026-10-03T12:00:00+10:00", plus: 23 * 60) == "2026-10-04T13:00:00Z")
    }

    @Test func tokyoHasNoDaylightSaving() throws {
        let tokyo = try calendar("Asia/Tokyo")
        #expect(try due(tokyo, "2026-11-27T16:30:00+09:00", plus: 120) == "2026-11-30T01:30:00Z")
        #expect(try due(tokyo, "2026-03-06T16:00:00+09:00", plus: 120) == "2026-03-09T01:00:00Z")
        for month in 1...12 {
            let instant = try timestamp("2026-\(month < 10 ? "0" : "")\(month)-15T00:00:00Z")
            #expect(tokyo.utcOffsetSeconds(at: instant) == 32_400)
        }
    }

    @Test func utcCalendar() throws {
        let utc = try calendar("UTC")
        #expect(try due(utc, "2026-11-27T16:30:00Z", plus: 120) == "2026-11-30T10:30:00Z")
        #expect(utc.utcOffsetSeconds(at: try timestamp("2026-06-01T00:00:00Z")) == 0)
        #expect(utc.timeZoneIdentifier == "UTC")
    }

    @Test func unknownZoneIsRejectedWithSuggestions() {
        #expect {
            try calendar("Mars/Olympus_Mons")
        } throws: { error in
            (error as? CalendarSpecError)?.message.contains("unknown time zone identifier \"Mars/Olympus_Mons\"") == true
        }
        #expect {
            try calendar("America/Los_Angles")
        } throws: { error in
            (error as? CalendarSpecError)?.message.contains("\"America/Los_Angeles\"") == true
        }
        #expect {
            try calendar("europe/berln")
        } throws: { error in
            (error as? CalendarSpecError)?.message.contains("\"Europe/Berlin\"") == true
        }
        #expect(throws: CalendarSpecError.self) { try calendar("") }
    }

    @Test func weekWithoutBusinessHoursIsRejected() {
        #expect {
            try BusinessCalendar(timeZoneIdentifier: "UTC", weeklyHours: WeeklyHours([:]))
        } throws: { error in
            (error as? CalendarSpecError)?.message.contains("no business time") == true
        }
    }

    @Test(arguments: ["America/Los_Angeles", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata", "Asia/Tokyo",
                      "America/Sao_Paulo", "Europe/Moscow", "Australia/Lord_Howe", "Pacific/Chatham",
                      "Africa/Casablanca", "Pacific/Apia", "America/St_Johns", "UTC"])
    func transitionTableMatchesFoundation(zone: String) throws {
        let businessCalendar = try calendar(zone)
        let timeZone = try #require(TimeZone(identifier: zone))
        var generator = SplitMix64(seed: UInt64(zone.utf8.count))
        let from = try timestamp("1990-01-01T00:00:00Z").millisecondsSinceEpoch / 1_000
        let through = try timestamp("2100-01-01T00:00:00Z").millisecondsSinceEpoch / 1_000
        for _ in 0..<3_000 {
            let second = Int64.random(in: from...through, using: &generator)
            let expected = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(second)))
            #expect(businessCalendar.utcOffsetSeconds(at: Timestamp(secondsSinceEpoch: second)) == expected,
                    "\(zone) at \(Timestamp(secondsSinceEpoch: second))")
        }
        var cursor = Date(timeIntervalSince1970: TimeInterval(from))
        while let transition = timeZone.nextDaylightSavingTimeTransition(after: cursor), transition.timeIntervalSince1970 < TimeInterval(through) {
            for delta in [-1.0, 0.0] {
                let instant = transition.addingTimeInterval(delta)
                #expect(businessCalendar.utcOffsetSeconds(at: Timestamp(secondsSinceEpoch: Int64(instant.timeIntervalSince1970)))
                    == timeZone.secondsFromGMT(for: instant), "\(zone) around \(instant)")
            }
            cursor = transition
        }
    }

    @Test func wallClockSearchAssumptionHoldsForAllKnownZones() {
        for zone in TimeZone.knownTimeZoneIdentifiers {
            guard let timeZone = TimeZone(identifier: zone) else { continue }
            #expect(UTCOffsetTable(timeZone: timeZone).hasIncreasingWallTimes, "\(zone)")
        }
    }
}
