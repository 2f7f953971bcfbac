/// Building errors. All of this runs only once a document has been rejected, so it
/// favours clear messages over speed.
extension ByteParser {
    /// `offset` is into the bytes held (the window, for a streamed input).
    func failure(_ kind: JSONParseError.Kind, at offset: Int, _ message: String) -> JSONParseError {
        let location = location(of: offset)
        return JSONParseError(kind: kind, offset: windowStart + offset, line: location.line, column: location.column,
                              pointer: currentPointer(), message: message)
    }

    func location(of offset: Int) -> SourceLocation {
        SourceLocation(offset: offset, base: base, count: count, contentStart: contentStart,
                       start: window?.lines ?? LineCounter())
    }

    /// The path of the value being parsed, from the open containers.
    func currentPointer() -> JSONPointer {
        var pointer = JSONPointer.root
        for (depth, frame) in frames.enumerated() {
            if let key = frame.pendingKey {
                pointer = pointer.appending(key)
            } else if !frame.isObject && frame.hasPendingElement {
                // Elements of deeper open arrays sit above this array's elements.
                let end = frames[(depth + 1)...].first { !$0.isObject }?.childBase ?? elementStack.count
                pointer = pointer.appending(end - frame.childBase + frame.streamed)
            } else {
                break
            }
        }
        return pointer
    }

    func unexpectedEnd(at offset: Int? = nil, expected: String) -> JSONParseError {
        failure(.unexpectedEndOfInput(expected: expected), at: offset ?? count,
                "unexpected end of input; expected \(expected)")
    }

    /// The byte at `position` is not allowed here. Invalid UTF-8 there is reported as such.
    func unexpectedCharacter(expected: String) -> JSONParseError {
        guard position < count else { return unexpectedEnd(expected: expected) }
        if byte(position) >= 0x80 && utf8SequenceEnd(at: position) == nil {
            return invalidUTF8(at: position)
        }
        let found = character(at: position)
        let message = "unexpected \(Self.describe(found)); expected \(expected)"
            + hint(found: found, expected: expected)
        return failure(.unexpectedCharacter(found: found, expected: expected), at: position, message)
    }

    func trailingContent() -> JSONParseError {
        if byte(position) >= 0x80 && utf8SequenceEnd(at: position) == nil {
            return invalidUTF8(at: position)
        }
        let found = character(at: position)
        return failure(.trailingContent, at: position,
                       "unexpected \(Self.describe(found)) after the JSON value; only whitespace may follow it"
                           + hint(found: found, expected: nil))
    }

    func invalidNumber(at start: Int) -> JSONParseError {
        var end = start
        while end < count && end - start < 40 && isNumberByte(byte(end)) {
            end += 1
        }
        let text = String(decoding: bytes(start..<end), as: UTF8.self)
        return failure(.invalidNumber, at: start, "invalid number \"\(text)\": \(numberProblem(text))")
    }

    func invalidEscape(at offset: Int) -> JSONParseError {
        let escaped = byte(offset + 1) >= 0x80 && utf8SequenceEnd(at: offset + 1) == nil
            ? "byte 0x" + Self.hex(byte(offset + 1))
            : Self.describe(character(at: offset + 1))
        return failure(.invalidEscape, at: offset,
                       "invalid escape: \(escaped) cannot follow '\\'; valid escapes are "
                           + "\\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX")
    }

    func invalidUnicodeEscape(at offset: Int, length: Int, reason: String) -> JSONParseError {
        let text = String(decoding: bytes(offset..<min(count, offset + length)), as: UTF8.self)
        return failure(.invalidUnicodeEscape, at: offset, "invalid unicode escape \"\(text)\": \(reason)")
    }

    func controlCharacter(at offset: Int) -> JSONParseError {
        let value = byte(offset)
        let replacement: String = switch value {
        case ASCII.lineFeed: "\\n"
        case ASCII.carriageReturn: "\\r"
        case ASCII.tab: "\\t"
        default: "\\u00" + Self.hex(value)
        }
        return failure(.controlCharacterInString, at: offset,
                       "unescaped \(Self.describe(String(UnicodeScalar(value)))) inside a string; "
                           + "write it as \(replacement)")
    }

    /// `firstOffset` is in the whole input: a streamed input may have let go of it.
    func duplicateKey(_ key: String, at offset: Int, firstSeenAt firstOffset: Int) -> JSONParseError {
        let first = firstOffset >= windowStart
            ? location(of: firstOffset - windowStart)
            : discardedKeyLocations[firstOffset] ?? SourceLocation(line: 1, column: 1)
        return failure(.duplicateKey(key), at: offset,
                       "duplicate key \(JSONWriter.quoted(key)) (first seen at line \(first.line), "
                           + "column \(first.column))")
    }

    func invalidUTF8(at offset: Int) -> JSONParseError {
        let lead = byte(offset)
        let second: UInt8 = offset + 1 < count ? byte(offset + 1) : 0
        let problem: String
        switch (lead, second) {
        case (0x80...0xBF, _):
            problem = "byte 0x\(Self.hex(lead)) is a continuation byte without a lead byte"
        case (0xC0...0xC1, _), (0xE0, 0x80..<0xA0), (0xF0, 0x80..<0x90):
            problem = "the sequence starting with byte 0x\(Self.hex(lead)) is an overlong encoding"
        case (0xED, 0xA0...0xBF):
            problem = "the sequence starting with byte 0xED encodes a UTF-16 surrogate"
        case (0xF4, 0x90...0xBF), (0xF5...0xFF, _):
            problem = "byte 0x\(Self.hex(lead)) never appears in UTF-8"
        default:
            problem = "the sequence starting with byte 0x\(Self.hex(lead)) is incomplete"
        }
        return failure(.invalidUTF8, at: offset,
                       "invalid UTF-8: \(problem); the file may use a legacy encoding such as "
                           + "Windows-1252, so save it as UTF-8")
    }

    /// The (valid) character starting at `offset`, as a string.
    func character(at offset: Int) -> String {
        let end = byte(offset) < 0x80 ? offset + 1 : utf8SequenceEnd(at: offset) ?? offset + 1
        return String(decoding: bytes(offset..<end), as: UTF8.self)
    }

    private func hint(found: String, expected: String?) -> String {
        switch found {
        case "'":
            return " (JSON strings and keys must use double quotes)"
        case "/", "#":
            return " (comments are not allowed in JSON)"
        case "\u{201C}", "\u{201D}":
            return " (use a plain double quote '\"' instead of a typographic quote)"
        case "]" where previousSignificantByte() == ASCII.comma, "}" where previousSignificantByte() == ASCII.comma:
            return " (trailing commas are not allowed)"
        case "\"" where expected?.hasPrefix("','") == true:
            return " (is a comma missing?)"
        case "N", "I":
            let rest = String(decoding: bytes(position..<min(count, position + 8)), as: UTF8.self)
            return rest.hasPrefix("NaN") || rest.hasPrefix("Infinity")
                ? " (NaN and Infinity are not valid JSON numbers)" : ""
        default:
            return ""
        }
    }

    private func previousSignificantByte() -> UInt8? {
        var index = position - 1
        while index >= contentStart && ASCII.isWhitespace(byte(index)) {
            index -= 1
        }
        return index >= contentStart ? byte(index) : nil
    }

    static func describe(_ character: String) -> String {
        guard let scalar = character.unicodeScalars.first else { return "character" }
        let code = "U+" + String(repeating: "0", count: max(0, 4 - String(scalar.value, radix: 16).count))
            + String(scalar.value, radix: 16, uppercase: true)
        if scalar.value < 0x20 || scalar.value == 0x7F {
            return "control character \(code)"
        }
        return scalar.isASCII ? "character '\(character)'" : "character '\(character)' (\(code))"
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return byte < 0x10 ? "0" + digits : digits
    }
}
