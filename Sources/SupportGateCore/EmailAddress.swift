/// Just enough of RFC 5321 to find the domain an address belongs to. Works on
/// UTF-8 bytes: this runs for every contact of every draft.
public enum EmailAddress {
    /// The lower-cased domain of "local@domain.tld", or nil if it is not of that shape.
    /// The domain is ASCII letters, digits and hyphens in two or more dot-separated labels;
    /// the local part is non-empty and has no white space.
    public static func domain(of address: String) -> String? {
        var address = address
        return address.withUTF8 { bytes -> String? in
            guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0,
                  !bytes[(at + 1)...].contains(UInt8(ascii: "@")) else { return nil }
            let local = bytes[..<at]
            if local.contains(where: { $0 >= 0x80 }) {
                // Unicode white space is rare enough to take the slow, exact path.
                if String(decoding: local, as: UTF8.self).contains(where: \.isWhitespace) { return nil }
            } else if local.contains(where: { $0 == 0x20 || (0x09...0x0D).contains($0) }) {
                return nil
            }
            var domain: [UInt8] = []
            domain.reserveCapacity(bytes.count - at - 1)
            var labels = 1
            var labelLength = 0
            for byte in bytes[(at + 1)...] {
                switch byte {
                case UInt8(ascii: "."):
                    guard labelLength > 0 else { return nil }
                    labels += 1
                    labelLength = 0
                    domain.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    domain.append(byte + 32)
                    labelLength += 1
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                    domain.append(byte)
                    labelLength += 1
                default:
                    return nil
                }
            }
            guard labels >= 2, labelLength > 0 else { return nil }
            return String(decoding: domain, as: UTF8.self)
        }
    }

    /// `domain` is `owner` or one of its subdomains; both lower case.
    public static func domain(_ domain: String, isWithin owner: String) -> Bool {
        var domain = domain
        var owner = owner
        return domain.withUTF8 { candidate in
            owner.withUTF8 { suffix in Self.domain(candidate, isWithin: suffix) }
        }
    }

    /// The same, on UTF-8 bytes (a customer's domains sit in the directory's text buffer).
    static func domain(_ candidate: UnsafeBufferPointer<UInt8>, isWithin suffix: UnsafeBufferPointer<UInt8>) -> Bool {
        guard candidate.count >= suffix.count else { return false }
        let start = candidate.count - suffix.count
        guard memcmpBytes(candidate, from: start, suffix) else { return false }
        return start == 0 || candidate[start - 1] == UInt8(ascii: ".")
    }

    private static func memcmpBytes(_ candidate: UnsafeBufferPointer<UInt8>, from start: Int, _ suffix: UnsafeBufferPointer<UInt8>) -> Bool {
        for index in 0..<suffix.count where candidate[start + index] != suffix[index] {
            return false
        }
        return true
    }
}
