/// Partner Center reads property names without regard to case, as .NET's
/// `OrdinalIgnoreCase` does for ASCII names. Compared byte by byte with ASCII case
/// folding only: every name it matches against is ASCII, and this is on the hot path.
enum CaseInsensitiveName {
    static func equal(_ left: String, _ right: String) -> Bool {
        var left = left
        var right = right
        return left.withUTF8 { a in
            right.withUTF8 { b in
                guard a.count == b.count else { return false }
                for index in 0..<a.count where folded(a[index]) != folded(b[index]) {
                    return false
                }
                return true
            }
        }
    }

    private static func folded(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }
}
