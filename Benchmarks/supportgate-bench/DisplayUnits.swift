/// Human units for nanosecond figures.
enum DisplayUnits {
    static func microseconds(_ nanoseconds: UInt64) -> String {
        microseconds(Double(nanoseconds))
    }

    static func microseconds(_ nanoseconds: Double) -> String {
        let value = nanoseconds / 1_000
        return value < 10 ? "\(fixed(value, 3)) µs" : value < 1_000 ? "\(fixed(value, 1)) µs" : "\(fixed(value / 1_000, 2)) ms"
    }

    static func milliseconds(_ nanoseconds: UInt64) -> String {
        "\(fixed(Double(nanoseconds) / 1_000_000, 1)) ms"
    }

    static func mebibytes(kibibytes: Int) -> String {
        "\(fixed(Double(kibibytes) / 1_024, 1)) MiB"
    }

    /// `value` with exactly `digits` decimals, without Foundation's String(format:).
    static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int64((value * scale).rounded())
        let whole = scaled / Int64(scale)
        let fraction = String(abs(scaled % Int64(scale)))
        guard digits > 0 else { return String(whole) }
        let sign = scaled < 0 && whole == 0 ? "-" : ""
        return "\(sign)\(whole)." + String(repeating: "0", count: digits - fraction.count) + fraction
    }
}
