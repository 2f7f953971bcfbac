/// Validates RFC 3339 dates and times as TOML 1.0 allows them.
enum DateTimeLiteral {
    /// `YYYY-MM-DD` exactly.
    static func isFullDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 10 && hasDateShape(bytes)
    }

    /// Whether the token starts like a date (`YYYY-`) or a time (`HH:`), rather than a number.
    static func looksLikeDateOrTime(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return hasDigits(bytes, at: 0, count: 4) && bytes.count > 4 && bytes[4] == UInt8(ascii: "-")
            || hasDigits(bytes, at: 0, count: 2) && bytes.count > 2 && bytes[2] == UInt8(ascii: ":")
    }

    static func parse(_ text: String, at position: TOMLPosition) throws(TOMLParseError) -> TOMLValue {
        let bytes = Array(text.utf8)
        func failure(_ kind: String, _ reason: String) -> TOMLParseError {
            TOMLParseError(message: "invalid \(kind) '\(text)': \(reason)", position: position)
        }
        guard hasDigits(bytes, at: 0, count: 4) else {
            try validateTime(bytes, from: 0, failure: { failure("local time", $0) })
                .mustEnd(at: bytes.count, failure: { failure("local time", $0) })
            return .localTime(text)
        }
        guard bytes.count >= 10, hasDateShape(bytes) else {
            throw failure("date", "expected YYYY-MM-DD")
        }
        let year = number(bytes, 0, 4), month = number(bytes, 5, 2), day = number(bytes, 8, 2)
        guard (1...12).contains(month) else { throw failure("date", "month must be 01 to 12") }
        guard (1...daysIn(month: month, year: year)).contains(day) else {
            throw failure("date", "day \(day) does not exist in that month")
        }
        if bytes.count == 10 { return .localDate(text) }

        let separator = bytes[10]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " ") else {
            throw failure("date-time", "expected 'T' or a space between the date and the time")
        }
        let timeEnd = try validateTime(bytes, from: 11, failure: { failure("date-time", $0) }).end
        if timeEnd == bytes.count { return .localDateTime(text) }
        try validateOffset(bytes, from: timeEnd, failure: { failure("date-time", $0) })
        return .offsetDateTime(text)
    }

    private struct TimeEnd {
        let end: Int
        func mustEnd(at count: Int, failure: (String) -> TOMLParseError) throws(TOMLParseError) {
            if end != count { throw failure("unexpected characters after the time") }
        }
    }

    /// `HH:MM:SS` with optional fractional seconds; returns where the time ends.
    private static func validateTime(
        _ bytes: [UInt8], from start: Int, failure: (String) -> TOMLParseError
    ) throws(TOMLParseError) -> TimeEnd {
        guard hasDigits(bytes, at: start, count: 2), hasByte(bytes, at: start + 2, ":"),
              hasDigits(bytes, at: start + 3, count: 2), hasByte(bytes, at: start + 5, ":"),
              hasDigits(bytes, at: start + 6, count: 2)
        else {
            throw failure("expected a time as HH:MM:SS")
        }
        guard number(bytes, start, 2) <= 23 else { throw failure("hour must be 00 to 23") }
        guard number(bytes, start + 3, 2) <= 59 else { throw failure("minute must be 00 to 59") }
        // 60 allows for leap seconds, as RFC 3339 does.
        guard number(bytes, start + 6, 2) <= 60 else { throw failure("second must be 00 to 60") }
        var end = start + 8
        if hasByte(bytes, at: end, ".") {
            end += 1
            let fractionStart = end
            while end < bytes.count, isDigit(bytes[end]) { end += 1 }
            guard end > fractionStart else { throw failure("expected digits after '.'") }
        }
        return TimeEnd(end: end)
    }

    /// `Z` or `+HH:MM` / `-HH:MM`, ending the text.
    private static func validateOffset(
        _ bytes: [UInt8], from start: Int, failure: (String) -> TOMLParseError
    ) throws(TOMLParseError) {
        if (hasByte(bytes, at: start, "Z") || hasByte(bytes, at: start, "z")) && bytes.count == start + 1 {
            return
        }
        guard hasByte(bytes, at: start, "+") || hasByte(bytes, at: start, "-"),
              hasDigits(bytes, at: start + 1, count: 2), hasByte(bytes, at: start + 3, ":"),
              hasDigits(bytes, at: start + 4, count: 2), bytes.count == start + 6
        else {
            throw failure("expected 'Z' or an offset like +01:00 after the time")
        }
        guard number(bytes, start + 1, 2) <= 23, number(bytes, start + 4, 2) <= 59 else {
            throw failure("offset out of range")
        }
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let isLeapYear = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            return isLeapYear ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }

    private static func hasDateShape(_ bytes: [UInt8]) -> Bool {
        hasDigits(bytes, at: 0, count: 4) && hasByte(bytes, at: 4, "-")
            && hasDigits(bytes, at: 5, count: 2) && hasByte(bytes, at: 7, "-")
            && hasDigits(bytes, at: 8, count: 2)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func hasDigits(_ bytes: [UInt8], at start: Int, count: Int) -> Bool {
        start + count <= bytes.count && bytes[start..<(start + count)].allSatisfy(isDigit)
    }

    private static func hasByte(_ bytes: [UInt8], at index: Int, _ ascii: Unicode.Scalar) -> Bool {
        index < bytes.count && bytes[index] == UInt8(ascii: ascii)
    }

    private static func number(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int {
        bytes[start..<(start + count)].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }
}
