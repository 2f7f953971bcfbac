/// Formats timestamps as RFC 3339 UTC text without Foundation.
enum RFC3339Formatter {
    static func format(_ timestamp: Timestamp) -> String {
        let milliseconds = timestamp.millisecondsSinceEpoch
        let seconds = CivilCalendar.floorDivide(milliseconds, CivilCalendar.millisecondsPerSecond)
        let millisecondPart = Int(milliseconds - seconds * CivilCalendar.millisecondsPerSecond)
        let dayNumber = CivilCalendar.floorDivide(seconds, CivilCalendar.secondsPerDay)
        let secondOfDay = Int(seconds - dayNumber * CivilCalendar.secondsPerDay)
        let date = CivilCalendar.civilDate(fromDayNumber: Int(dayNumber))

        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        if (0...9999).contains(date.year) {
            appendPadded(date.year, width: 4, to: &bytes)
        } else {
            bytes.append(contentsOf: String(date.year).utf8)
        }
        bytes.append(UInt8(ascii: "-"))
        appendPadded(date.month, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendPadded(date.day, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        appendPadded(secondOfDay / 3600, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendPadded(secondOfDay / 60 % 60, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendPadded(secondOfDay % 60, width: 2, to: &bytes)
        if millisecondPart != 0 {
            bytes.append(UInt8(ascii: "."))
            appendPadded(millisecondPart, width: 3, to: &bytes)
        }
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    static func appendPadded(_ value: Int, width: Int, to bytes: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var remaining = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(remaining / divisor % 10))
            remaining %= divisor
            divisor /= 10
        }
    }
}
