/// Text from a file anyone but this program wrote (Microsoft's error messages, ticket
/// statuses, ids) made safe to print for a person: no escape sequence reaches the terminal,
/// no line break forges a line. C0 controls and DEL become `\xHH`, C1 controls, the line and
/// paragraph separators and the bidirectional controls `\u{XXXX}`, and the backslash is
/// doubled so that an escape can be told from text that looks like one.
enum TerminalText {
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x5C:
                escaped += "\\\\"
            case 0x00..<0x20, 0x7F:
                escaped += "\\x" + hex(scalar.value, digits: 2)
            case 0x80..<0xA0, 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C:
                escaped += "\\u{" + hex(scalar.value, digits: 4) + "}"
            default:
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
