/// Makes text safe for one line of a log read by people and by journald's stream
/// reader: submitters choose draft ids, keys and file names, and a NUL, a line break
/// or an escape sequence in them must not split an entry, forge one, or drive a
/// terminal. Works on bytes, so text that is not UTF-8 is escaped too.
///
/// Escaped: C0 controls (NUL…US, TAB included) and DEL as `\xHH`; C1 controls
/// (U+0080…U+009F), the line and paragraph separators and the bidirectional
/// overrides as `\u{XXXX}`; every byte of an invalid UTF-8 sequence as `\xHH`; and the
/// backslash itself, so that what is escaped can always be told from what is not; and
/// `<` as `\x3C`, so that no submitter text can look like a syslog priority prefix
/// (`<0>`) wherever journald's stream reader might start a record.
enum LogLineEscaper {
    /// Plain ASCII with no space, quote, backslash or `<`: written as it is.
    static func isPlain<Bytes: Collection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") && $0 != UInt8(ascii: "<") }
    }

    /// Appends `bytes` escaped; with `inQuotes`, a `"` is escaped too.
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, inQuotes: Bool, to line: inout [UInt8]) {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                appendASCII(byte, inQuotes: inQuotes, to: &line)
                index += 1
                continue
            }
            let length = validSequenceLength(bytes, at: index)
            guard length > 0 else {
                appendHex(byte, to: &line)
                index += 1
                continue
            }
            let scalar = decode(bytes, at: index, length: length)
            if isInvisibleControl(scalar) {
                line.append(contentsOf: "\\u{".utf8)
                line.append(contentsOf: String(scalar, radix: 16, uppercase: true).utf8)
                line.append(UInt8(ascii: "}"))
            } else {
                line.append(contentsOf: bytes[index..<(index + length)])
            }
            index += length
        }
    }

    private static func appendASCII(_ byte: UInt8, inQuotes: Bool, to line: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\\"): line.append(contentsOf: "\\\\".utf8)
        case UInt8(ascii: "\"") where inQuotes: line.append(contentsOf: "\\\"".utf8)
        case UInt8(ascii: "\n"): line.append(contentsOf: "\\n".utf8)
        case UInt8(ascii: "\r"): line.append(contentsOf: "\\r".utf8)
        case 0..<0x20, 0x7F, UInt8(ascii: "<"): appendHex(byte, to: &line)
        default: line.append(byte)
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func appendHex(_ byte: UInt8, to line: inout [UInt8]) {
        let digits = hexDigits
        line.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "x"), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    /// C1 controls, U+2028/U+2029, and the marks and overrides that reorder text.
    private static func isInvisibleControl(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x80...0x9F, 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The length of the well-formed UTF-8 sequence starting at `index` (RFC 3629's
    /// table: no overlong forms, no surrogates, nothing above U+10FFFF), or 0.
    private static func validSequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        var second: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; second = 0xA0...0xBF
        case 0xED: length = 3; second = 0x80...0x9F
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xF0: length = 4; second = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; second = 0x80...0x8F
        default: return 0
        }
        guard index + length <= bytes.count, second.contains(bytes[index + 1]) else { return 0 }
        for offset in 2..<length where !(0x80...0xBF).contains(bytes[index + offset]) {
            return 0
        }
        return length
    }

    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, length: Int) -> UInt32 {
        let leadBits: UInt32 = switch length {
        case 2: UInt32(bytes[index] & 0x1F)
        case 3: UInt32(bytes[index] & 0x0F)
        default: UInt32(bytes[index] & 0x07)
        }
        var scalar = leadBits
        for offset in 1..<length {
            scalar = scalar << 6 | UInt32(bytes[index + offset] & 0x3F)
        }
        return scalar
    }
}
