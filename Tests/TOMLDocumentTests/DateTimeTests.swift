import Testing
import TOMLDocument

@Suite("Dates and times")
struct DateTimeTests {
    @Test func offsetDateTimes() {
        let table = parseValid("""
            odt1 = 1979-05-27T07:32:00Z
            odt2 = 1979-05-27T00:32:00-07:00
            odt3 = 1979-05-27T00:32:00.999999-07:00
            odt4 = 1979-05-27 07:32:00Z
            odt5 = 1979-05-27t07:32:00z
            """)
        #expect(table?.value("odt1") == .offsetDateTime("1979-05-27T07:32:00Z"))
        #expect(table?.value("odt2") == .offsetDateTime("1979-05-27T00:32:00-07:00"))
        #expect(table?.value("odt3") == .offsetDateTime("1979-05-27T00:32:00.999999-07:00"))
        #expect(table?.value("odt4") == .offsetDateTime("1979-05-27 07:32:00Z"))
        #expect(table?.value("odt5") == .offsetDateTime("1979-05-27t07:32:00z"))
        #expect(table?.value("odt1")?.typeName == "date-time")
    }

    @Test func localValues() {
        let table = parseValid("""
            ldt1 = 1979-05-27T07:32:00
            ldt2 = 1979-05-27T00:32:00.999999
            ldt3 = 1979-05-27 07:32:00
            ld1 = 1979-05-27
            lt1 = 07:32:00
            lt2 = 00:32:00.999999
            """)
        #expect(table?.value("ldt1") == .localDateTime("1979-05-27T07:32:00"))
        #expect(table?.value("ldt2") == .localDateTime("1979-05-27T00:32:00.999999"))
        #expect(table?.value("ldt3") == .localDateTime("1979-05-27 07:32:00"))
        #expect(table?.value("ld1") == .localDate("1979-05-27"))
        #expect(table?.value("lt1") == .localTime("07:32:00"))
        #expect(table?.value("lt2") == .localTime("00:32:00.999999"))
        #expect(table?.value("ldt1")?.typeName == "local date-time")
        #expect(table?.value("ld1")?.typeName == "local date")
        #expect(table?.value("lt1")?.typeName == "local time")
    }

    @Test func dateFollowedByComment() {
        let table = parseValid("d = 1979-05-27 # birthday\nt = 1979-05-27 ")
        #expect(table?.value("d") == .localDate("1979-05-27"))
        #expect(table?.value("t") == .localDate("1979-05-27"))
    }

    @Test func leapYears() {
        #expect(parseValid("d = 2024-02-29")?.value("d") == .localDate("2024-02-29"))
        #expect(parseValid("d = 2000-02-29")?.value("d") == .localDate("2000-02-29"))
        expectError("d = 1900-02-29", at: 1, 5, containing: "day 29 does not exist")
        expectError("d = 2023-02-29", at: 1, 5, containing: "day 29 does not exist")
    }

    @Test func invalidRanges() {
        expectError("d = 2023-13-01", at: 1, 5, containing: "month must be 01 to 12")
        expectError("d = 2023-00-01", at: 1, 5, containing: "month")
        expectError("d = 2023-04-31", at: 1, 5, containing: "day 31")
        expectError("d = 2023-04-00", at: 1, 5, containing: "day 0")
        expectError("t = 24:00:00", at: 1, 5, containing: "hour")
        expectError("t = 12:60:00", at: 1, 5, containing: "minute")
        expectError("t = 12:00:61", at: 1, 5, containing: "second")
        expectError("d = 1979-05-27T07:32:00+24:00", at: 1, 5, containing: "offset")
    }

    @Test func invalidShapes() {
        expectError("t = 07:32", at: 1, 5, containing: "HH:MM:SS")
        expectError("t = 7:32:00", at: 1, 5, containing: "invalid number")
        expectError("d = 1979-5-27", at: 1, 5, containing: "YYYY-MM-DD")
        expectError("d = 1979-05-27T07:32:00.", at: 1, 5, containing: "digits after '.'")
        expectError("d = 1979-05-27T07:32:00+0700", at: 1, 5, containing: "offset")
        expectError("d = 1979-05-27X07:32:00", at: 1, 5, containing: "'T' or a space")
        expectError("t = 07:32:00Z", at: 1, 5, containing: "unexpected characters after the time")
        expectError("d = 1979-05-27 07:32", at: 1, 5, containing: "HH:MM:SS")
    }
}
