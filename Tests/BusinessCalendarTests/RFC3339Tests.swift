import Testing
@testable import BusinessCalendar

struct RFC3339Tests {
    @Test(arguments: [
        ("2026-11-27T17:30:00Z", "2026-11-27T17:30:00Z"),
        ("2026-11-27T09:30:00-08:00", "2026-11-27T17:30:00Z"),
        ("2026-11-27T18:30:00+01:00", "2026-11-27T17:30:00Z"),
        ("2026-11-27T23:00:00+05:30", "2026-11-27T17:30:00Z"),
        ("2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00Z"),
        ("2026-11-27t17:30:00z", "2026-11-27T17:30:00Z"),
        ("2026-11-27T17:30:00.5Z", "2026-11-27T17:30:00.500Z"),
        ("2026-11-27T17:30:00.123456789Z", "2026-11-27T17:30:00.123Z"),
        ("2026-11-27T17:30:00.1239Z", "2026-11-27T17:30:00.123Z"),
        ("2026-11-27T17:30:00.000Z", "2026-11-27T17:30:00Z"),
        ("2026-11-27T17:30:00.07-00:00", "2026-11-27T17:30:00.070Z"),
        ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"),
        ("1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z"),
        ("2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z"),
        ("2000-02-29T23:59:59Z", "2000-02-29T23:59:59Z"),
        ("2100-03-01T00:00:00+00:00", "2100-03-01T00:00:00Z"),
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
        ("9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z"),
    ])
    func parsesAndFormatsInUTC(input: String, expected: String) throws {
        let parsed = try #require(Timestamp.parseRFC3339(input))
        #expect(parsed.rfc3339 == expected)
        #expect(parsed.description == expected)
        #expect(Timestamp.parseRFC3339(parsed.rfc3339) == parsed)
    }

    @Test func knownEpochValues() throws {
        #expect(try timestamp("1970-01-01T00:00:00Z").millisecondsSinceEpoch == 0)
        #expect(try timestamp("1969-12-31T23:59:59.999Z").millisecondsSinceEpoch == -1)
        #expect(try timestamp("2026-11-27T17:30:00Z") == Timestamp(secondsSinceEpoch: 1_795_800_600))
        #expect(try timestamp("2000-03-01T00:00:00Z") == Timestamp(secondsSinceEpoch: 11_017 * 86_400))
    }

    @Test(arguments: [
        "", "2026-11-27T17:30:00", "2026-11-27T17:30:00+01", "2026-11-27T17:30:00+0100",
        "2026-02-30T00:00:00Z", "2026-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z", "2026-11-00T00:00:00Z", "2026-11-27T24:00:00Z", "2026-11-27T17:60:00Z",
        "2026-11-27T17:30:60Z", "2026-11-27 17:30:00Z", "2026-11-27T17:30Z", "2026-11-27T17:30:00.Z",
        "2026-11-27T17:30:00.1234567890Z", "2026-11-27T17:30:00+24:00", "2026-11-27T17:30:00+01:60",
        "2026-11-27T17:30:00Zjunk", "26-11-27T17:30:00Z", "2026-1-27T17:30:00Z", "2026/11/27T17:30:00Z",
        "2026-11-27T1７:30:00Z", " 2026-11-27T17:30:00Z", "2026-11-27X17:30:00Z", "2026-11-27T17:30:00,5Z",
    ])
    func rejectsInvalidText(input: String) {
        #expect(Timestamp.parseRFC3339(input) == nil)
    }

    @Test func formatsRandomInstantsLosslessly() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<2_000 {
            let milliseconds = Int64.random(in: -62_135_596_800_000...253_402_300_799_999, using: &generator)
            let instant = Timestamp(millisecondsSinceEpoch: milliseconds)
            #expect(Timestamp.parseRFC3339(instant.rfc3339) == instant)
        }
    }

    @Test func addingMinutesIsPlainArithmeticAndSaturates() throws {
        let start = try timestamp("2026-03-08T09:30:00Z")
        #expect(start.adding(minutes: 90).rfc3339 == "2026-03-08T11:00:00Z")
        #expect(start.adding(minutes: -30).rfc3339 == "2026-03-08T09:00:00Z")
        #expect(start.adding(minutes: 0) == start)
        #expect(start.adding(minutes: .max).millisecondsSinceEpoch == .max)
        #expect(start.adding(minutes: .min).millisecondsSinceEpoch == .min)
        #expect(Timestamp(secondsSinceEpoch: .max).millisecondsSinceEpoch == .max)
    }

    @Test func ordersByInstant() throws {
        #expect(try timestamp("2026-11-27T17:30:00+01:00") < timestamp("2026-11-27T17:30:00Z"))
        #expect(try timestamp("2026-11-27T17:30:00.001Z") > timestamp("2026-11-27T17:30:00Z"))
    }
}
