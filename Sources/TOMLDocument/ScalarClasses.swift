/// Character classes from the TOML grammar.
enum ScalarClasses {
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t"
    }

    static func isDecimalDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }

    static func isHexDigit(_ scalar: Unicode.Scalar) -> Bool {
        isDecimalDigit(scalar) || ("a"..."f").contains(scalar) || ("A"..."F").contains(scalar)
    }

    static func isBareKeyCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar)
            || isDecimalDigit(scalar) || scalar == "_" || scalar == "-"
    }

    /// Characters that may appear in an unquoted value: numbers, booleans, dates and times.
    static func isBareValueCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isBareKeyCharacter(scalar) || scalar == "+" || scalar == "." || scalar == ":"
    }

    /// Control characters TOML forbids in strings and comments (tab is allowed;
    /// newlines are handled by the callers).
    static func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F
    }

    /// Renders a scalar for an error message: `'x'`, or `U+0007` for invisible ones.
    static func describe(_ scalar: Unicode.Scalar?) -> String {
        guard let scalar else { return "end of file" }
        switch scalar {
        case "\n", "\r": return "end of line"
        case " ": return "a space"
        case "\t": return "a tab"
        default: break
        }
        if scalar.value < 0x20 || scalar.value == 0x7F || scalar.properties.generalCategory == .format {
            return "U+" + hex(scalar.value, minimumDigits: 4)
        }
        return "'\(scalar)'"
    }

    static func hex(_ value: UInt32, minimumDigits: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, minimumDigits - digits.count)) + digits
    }
}
