/// Strict RFC 3339 `date-time` parser working on UTF-8 bytes.
/// Accepts 'T'/'t' as separator, 'Z'/'z' or ±hh:mm as offset and 1–9 fractional digits.
/// Rejects leap seconds (:60), hour 24, impossible dates and a missing offset.
struct RFC3339Parser {
    private let bytes: [UInt8]
    private var position = 0

    static func parse(_ text: String) -> Timestamp? {
        var parser = RFC3339Parser(bytes: Array(text.utf8))
        return parser.parseTimestamp()
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func parseTimestamp() -> Timestamp? {
        guard let year = digits(4), literal("-"),
              let month = digits(2), literal("-"),
              let day = digits(2),
              literal("T") || literal("t"),
              let hour = digits(2), literal(":"),
              let minute = digits(2), literal(":"),
              let second = digits(2)
        else { return nil }
        guard CivilCalendar.isValid(year: year, month: month, day: day),
              hour <= 23, minute <= 59, second <= 59
        else { return nil }

        var millisecond = 0
        if literal(".") {
            guard let fraction = fractionInMilliseconds() else { return nil }
            millisecond = fraction
        }
        guard let offsetSeconds = utcOffsetSeconds(), position == bytes.count else { return nil }

        let dayNumber = Int64(CivilCalendar.dayNumber(year: year, month: month, day: day))
        let localSeconds = dayNumber * CivilCalendar.secondsPerDay + Int64(hour * 3600 + minute * 60 + second)
        let utcSeconds = localSeconds - Int64(offsetSeconds)
        return Timestamp(millisecondsSinceEpoch: utcSeconds * CivilCalendar.millisecondsPerSecond + Int64(millisecond))
    }

    private mutating func fractionInMilliseconds() -> Int? {
        var value = 0
        var count = 0
        while position < bytes.count, let digit = digitValue(bytes[position]) {
            if count < 3 { value = value * 10 + digit }
            count += 1
            position += 1
        }
        guard (1...9).contains(count) else { return nil }
        for _ in count..<max(count, 3) { value *= 10 }
        return value
    }

    private mutating func utcOffsetSeconds() -> Int? {
        if literal("Z") || literal("z") { return 0 }
        let sign: Int
        if literal("+") {
            sign = 1
        } else if literal("-") {
            sign = -1
        } else {
            return nil
        }
        guard let hours = digits(2), literal(":"), let minutes = digits(2),
              hours <= 23, minutes <= 59
        else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }

    private mutating func digits(_ count: Int) -> Int? {
        guard position + count <= bytes.count else { return nil }
        var value = 0
        for offset in 0..<count {
            guard let digit = digitValue(bytes[position + offset]) else { return nil }
            value = value * 10 + digit
        }
        position += count
        return value
    }

    private mutating func literal(_ character: Unicode.Scalar) -> Bool {
        guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    private func digitValue(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }
}
