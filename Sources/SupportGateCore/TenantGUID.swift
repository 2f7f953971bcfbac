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

    private static func parse(_ bytes: UnsafeRawBufferPointer) -> TenantGUID? {
        guard bytes.count == 36 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        var nibbles = 0
        for (index, byte) in bytes.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard let value = TenantGUID.hexValue(byte) else { return nil }
            if nibbles < 16 {
                high = high << 4 | UInt64(value)
            } else {
                low = low << 4 | UInt64(value)
            }
            nibbles += 1
        }
        return TenantGUID(high: high, low: low)
    }

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
