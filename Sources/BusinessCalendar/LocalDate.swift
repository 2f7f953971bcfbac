/// A wall-calendar date (proleptic Gregorian), years 0000–9999.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (0...9999).contains(year), CivilCalendar.isValid(year: year, month: month, day: day) else { return nil }
        self.init(uncheckedYear: year, month: month, day: day)
    }

    init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    init(dayNumber: Int) {
        let civil = CivilCalendar.civilDate(fromDayNumber: dayNumber)
        self.init(uncheckedYear: civil.year, month: civil.month, day: civil.day)
    }

    /// Parses exactly "YYYY-MM-DD".
    public static func parse(_ text: String) -> LocalDate? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = number(bytes[0..<4]), let month = number(bytes[5..<7]), let day = number(bytes[8..<10])
        else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }

    /// Days since 1970-01-01.
    var dayNumber: Int {
        CivilCalendar.dayNumber(year: year, month: month, day: day)
    }

    public var description: String {
        var bytes: [UInt8] = []
        RFC3339Formatter.appendPadded(year, width: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        RFC3339Formatter.appendPadded(month, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        RFC3339Formatter.appendPadded(day, width: 2, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
