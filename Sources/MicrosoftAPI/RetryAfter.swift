import Glibc

/// `Retry-After` (RFC 9110 §10.2.3): a number of seconds, or an HTTP-date. The value is
/// Microsoft's to choose, so it is clamped: never below zero, never above `cap`.
enum RetryAfter {
    /// Seconds to wait, or nil when the header is absent or unreadable (the caller's default).
    static func seconds(_ header: String?, nowEpochSeconds: Double, cap: Int) -> Int? {
        guard let text = header?.trimmingSpaces(), !text.isEmpty else { return nil }
        if text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            // Too many digits for Int is still "a long time".
            return min(Int(text) ?? cap, cap)
        }
        guard let date = httpDate(text) else { return nil }
        let wait = (date - nowEpochSeconds).rounded(.up)
        return Int(max(0, min(wait, Double(cap))))
    }

    /// IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`: the form RFC 9110 says senders use.
    static func httpDate(_ text: String) -> Double? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "GMT",
              let day = Int(parts[1]), (1...31).contains(day),
              let month = months.firstIndex(of: String(parts[2])),
              let year = Int(parts[3]), (1970...9999).contains(year) else { return nil }
        let clock = parts[4].split(separator: ":")
        guard clock.count == 3, let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2]),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        var fields = tm()
        fields.tm_year = Int32(year - 1900)
        fields.tm_mon = Int32(month)
        fields.tm_mday = Int32(day)
        fields.tm_hour = Int32(hour)
        fields.tm_min = Int32(minute)
        fields.tm_sec = Int32(second)
        return Double(timegm(&fields))
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}
