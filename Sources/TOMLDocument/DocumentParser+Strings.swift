extension DocumentParser {
    /// Parses a single-line basic string: `"..."` with escapes.
    mutating func parseBasicString() throws(TOMLParseError) -> String {
        let start = cursor.position
        cursor.advance()
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = cursor.current else {
                throw TOMLParseError(message: "unterminated string", position: start)
            }
            switch scalar {
            case "\"":
                cursor.advance()
                return String(text)
            case "\\":
                text.append(try parseEscapeSequence())
            case "\n", "\r":
                throw cursor.error("unterminated string: a single-line string cannot contain a newline (use \"\"\" for multi-line strings)")
            default:
                try appendStringCharacter(scalar, to: &text)
            }
        }
    }

    /// Parses a single-line literal string: `'...'` without escapes.
    mutating func parseLiteralString() throws(TOMLParseError) -> String {
        let start = cursor.position
        cursor.advance()
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = cursor.current else {
                throw TOMLParseError(message: "unterminated literal string", position: start)
            }
            switch scalar {
            case "'":
                cursor.advance()
                return String(text)
            case "\n", "\r":
                throw cursor.error("unterminated literal string: a single-line string cannot contain a newline (use ''' for multi-line strings)")
            default:
                try appendStringCharacter(scalar, to: &text)
            }
        }
    }

    /// Parses `"""..."""`, or `'''...'''` when `isLiteral`.
    mutating func parseMultilineString(isLiteral: Bool) throws(TOMLParseError) -> String {
        let start = cursor.position
        let quote: Unicode.Scalar = isLiteral ? "'" : "\""
        cursor.advance(by: 3)
        // A newline right after the opening delimiter is trimmed.
        _ = try consumeNewline()
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = cursor.current else {
                throw TOMLParseError(message: "unterminated multi-line string", position: start)
            }
            if scalar == quote {
                // Up to two quotes may sit right before the closing delimiter.
                let count = cursor.runLength(of: quote)
                if count < 3 {
                    text.append(contentsOf: repeatElement(quote, count: count))
                    cursor.advance(by: count)
                    continue
                }
                guard count <= 5 else {
                    throw cursor.error("too many quotes: a multi-line string cannot contain three quotes in a row")
                }
                text.append(contentsOf: repeatElement(quote, count: count - 3))
                cursor.advance(by: count)
                return String(text)
            }
            if try consumeNewline() {
                text.append("\n")
            } else if scalar == "\\" && !isLiteral {
                if try !skipLineEndingBackslash() {
                    text.append(try parseEscapeSequence())
                }
            } else {
                try appendStringCharacter(scalar, to: &text)
            }
        }
    }

    private mutating func appendStringCharacter(
        _ scalar: Unicode.Scalar, to text: inout String.UnicodeScalarView
    ) throws(TOMLParseError) {
        if ScalarClasses.isForbiddenControl(scalar) {
            throw cursor.error("control character \(ScalarClasses.describe(scalar)) must be escaped in a string")
        }
        text.append(scalar)
        cursor.advance()
    }

    /// A backslash followed only by whitespace up to the end of the line removes the
    /// line ending and all whitespace and newlines that follow it.
    private mutating func skipLineEndingBackslash() throws(TOMLParseError) -> Bool {
        var offset = 1
        while let scalar = cursor.peek(offset), ScalarClasses.isWhitespace(scalar) {
            offset += 1
        }
        let next = cursor.peek(offset)
        guard next == "\n" || (next == "\r" && cursor.peek(offset + 1) == "\n") else {
            return false
        }
        cursor.advance(by: offset)
        while true {
            skipWhitespace()
            if try !consumeNewline() { return true }
        }
    }

    private mutating func parseEscapeSequence() throws(TOMLParseError) -> Unicode.Scalar {
        let start = cursor.position
        cursor.advance()
        guard let code = cursor.current else {
            throw TOMLParseError(message: "unterminated escape sequence", position: start)
        }
        cursor.advance()
        switch code {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "\"": return "\""
        case "\\": return "\\"
        case "u": return try parseUnicodeEscape(digitCount: 4, start: start)
        case "U": return try parseUnicodeEscape(digitCount: 8, start: start)
        default:
            throw TOMLParseError(
                message: "invalid escape sequence \\\(code == "\n" || code == "\r" ? "" : String(code)) in string; valid escapes are \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX",
                position: start)
        }
    }

    private mutating func parseUnicodeEscape(digitCount: Int, start: TOMLPosition) throws(TOMLParseError) -> Unicode.Scalar {
        var digits = ""
        for _ in 0..<digitCount {
            guard let scalar = cursor.current, ScalarClasses.isHexDigit(scalar) else {
                throw TOMLParseError(
                    message: "escape \\\(digitCount == 4 ? "u" : "U") must be followed by \(digitCount) hexadecimal digits",
                    position: start)
            }
            digits.unicodeScalars.append(scalar)
            cursor.advance()
        }
        guard let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else {
            throw TOMLParseError(
                message: "escape \\\(digitCount == 4 ? "u" : "U")\(digits) is not a valid Unicode scalar value",
                position: start)
        }
        return scalar
    }
}
