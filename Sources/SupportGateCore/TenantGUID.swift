/// A GUID such as a tenant or subscription id, held as 128 bits so that
/// directory lookups hash two integers instead of a 36-character string.
public struct TenantGUID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let high: UInt64
    public let low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Accepts the canonical 8-4-4-4-12 form, upper or lower case hex.
    public init?(_ text: String) {
        var text = text
        guard let parsed = text.withUTF8({ Self.parse(UnsafeRawBufferPointer($0)) }) else { return nil }
        self = parsed
    }

    /// The same, from the UTF-8 bytes of the text.
    public init?(utf8 bytes: UnsafeRawBufferPointer) {
        guard let parsed = Self.parse(bytes) else { return nil }
        self = parsed
    }

    /// Fixed positions: a directory holds millions of GUIDs, and this runs for each.
    private static func parse(_ bytes: UnsafeRawBufferPointer) -> TenantGUID? {
        guard bytes.count == 36, bytes[8] == dash, bytes[13] == dash, bytes[18] == dash, bytes[23] == dash else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        var invalid: UInt8 = 0
        for index in hexPositions.high {
            let value = hexTable[Int(bytes[index])]
            invalid |= value
            high = high << 4 | UInt64(value & 0x0F)
        }
        for index in hexPositions.low {
            let value = hexTable[Int(bytes[index])]
            invalid |= value
            low = low << 4 | UInt64(value & 0x0F)
        }
        // A byte that is not a hex digit maps to 0x10.
        guard invalid & 0x10 == 0 else { return nil }
        return TenantGUID(high: high, low: low)
    }

    private static let dash = UInt8(ascii: "-")
    /// Where the 32 digits sit in 8-4-4-4-12: the first 16 make `high`, the rest `low`.
    private static let hexPositions: (high: [Int], low: [Int]) = {
        let digits = (0..<36).filter { ![8, 13, 18, 23].contains($0) }
        return (Array(digits[..<16]), Array(digits[16...]))
    }()
    /// A hex digit's value, 0x10 for any other byte.
    private static let hexTable: [UInt8] = (0...255).map { byte in hexValue(UInt8(byte)) ?? 0x10 }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Lower-case canonical form.
    public var description: String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            var out = 0
            for nibbleIndex in 0..<32 {
                if nibbleIndex == 8 || nibbleIndex == 12 || nibbleIndex == 16 || nibbleIndex == 20 {
                    buffer[out] = UInt8(ascii: "-")
                    out += 1
                }
                let word = nibbleIndex < 16 ? high : low
                let shift = UInt64(60 - (nibbleIndex % 16) * 4)
                buffer[out] = Self.hexDigits[Int((word >> shift) & 0xF)]
                out += 1
            }
            return out
        }
    }

    public static func < (lhs: TenantGUID, rhs: TenantGUID) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}
