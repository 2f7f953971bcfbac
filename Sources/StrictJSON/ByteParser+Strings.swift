extension ByteParser {
    /// Parses a string starting at the opening quote at `position`.
    mutating func parseString() throws(JSONParseError) -> String {
        let contentStart = position + 1
        var index = contentStart
        while index < count {
            let byte = byte(index)
            if byte == ASCII.quote {
                position = index + 1
                return String(decoding: bytes(contentStart..<index), as: UTF8.self)
            } else if byte == ASCII.backslash {
                return try parseEscapedString(contentStart: contentStart, firstEscape: index)
            } else if byte < 0x20 {
                throw controlCharacter(at: index)
            } else if byte < 0x80 {
                index += 1
            } else {
                index = try validatedUTF8SequenceEnd(at: index)
            }
        }
        throw unexpectedEnd(expected: "'\"' to close the string")
    }

    /// Slow path for strings with escapes: decodes into the reusable scratch buffer.
    private mutating func parseEscapedString(contentStart: Int, firstEscape: Int) throws(JSONParseError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: bytes(contentStart..<firstEscape))
        var index = firstEscape
        while index < count {
            let byte = byte(index)
            if byte == ASCII.quote {
                position = index + 1
                return String(decoding: scratch, as: UTF8.self)
            } else if byte == ASCII.backslash {
                index = try decodeEscape(at: index)
            } else if byte < 0x20 {
                throw controlCharacter(at: index)
            } else if byte < 0x80 {
                // Copy a run of plain ASCII at once, not byte by byte.
                var end = index + 1
                while end < count {
                    let next = self.byte(end)
                    guard next >= 0x20, next < 0x80, next != ASCII.quote, next != ASCII.backslash else { break }
                    end += 1
                }
                scratch.append(contentsOf: bytes(index..<end))
                index = end
            } else {
                let end = try validatedUTF8SequenceEnd(at: index)
                scratch.append(contentsOf: bytes(index..<end))
                index = end
            }
        }
        throw unexpectedEnd(expected: "'\"' to close the string")
    }

    /// Decodes the escape whose backslash is at `index` into `scratch`; returns the offset after it.
    private mutating func decodeEscape(at index: Int) throws(JSONParseError) -> Int {
        guard index + 1 < count else {
            throw unexpectedEnd(at: index + 1, expected: "an escaped character after '\\'")
        }
        let decoded: UInt8
        switch byte(index + 1) {
        case ASCII.quote: decoded = ASCII.quote
        case ASCII.backslash: decoded = ASCII.backslash
        case ASCII.slash: decoded = ASCII.slash
        case ASCII.lowerB: decoded = 0x08
        case ASCII.lowerF: decoded = 0x0C
        case ASCII.lowerN: decoded = ASCII.lineFeed
        case ASCII.lowerR: decoded = ASCII.carriageReturn
        case ASCII.lowerT: decoded = ASCII.tab
        case ASCII.lowerU: return try decodeUnicodeEscape(at: index)
        default: throw invalidEscape(at: index)
        }
        scratch.append(decoded)
        return index + 2
    }

    /// Decodes `\uXXXX`, or a `\uD8xx\uDCxx` surrogate pair, starting at the backslash.
    private mutating func decodeUnicodeEscape(at index: Int) throws(JSONParseError) -> Int {
        let unit = try hexQuad(at: index + 2, escapeStart: index)
        var scalarValue = UInt32(unit)
        var end = index + 6
        switch unit {
        case 0xD800...0xDBFF:
            guard end + 1 < count, byte(end) == ASCII.backslash, byte(end + 1) == ASCII.lowerU else {
                throw invalidUnicodeEscape(at: index, length: 6,
                    reason: "a high surrogate must be followed by a \\u escape of a low surrogate (\\uDC00-\\uDFFF)")
            }
            let low = try hexQuad(at: end + 2, escapeStart: end)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw invalidUnicodeEscape(at: index, length: 12,
                    reason: "a high surrogate must be followed by a low surrogate (\\uDC00-\\uDFFF)")
            }
            scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            end += 6
        case 0xDC00...0xDFFF:
            throw invalidUnicodeEscape(at: index, length: 6,
                reason: "a low surrogate must follow a high surrogate (\\uD800-\\uDBFF)")
        default:
            break
        }
        appendUTF8(scalarValue)
        return end
    }

    private func hexQuad(at start: Int, escapeStart: Int) throws(JSONParseError) -> UInt16 {
        var value: UInt16 = 0
        for offset in start..<start + 4 {
            guard offset < count else {
                throw unexpectedEnd(at: offset, expected: "four hex digits after '\\u'")
            }
            let byte = byte(offset)
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default:
                throw invalidUnicodeEscape(at: escapeStart, length: offset - escapeStart + 1,
                                           reason: "'\\u' must be followed by four hex digits")
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    private mutating func appendUTF8(_ value: UInt32) {
        switch value {
        case ..<0x80:
            scratch.append(UInt8(value))
        case ..<0x800:
            scratch.append(UInt8(0xC0 | value >> 6))
            scratch.append(UInt8(0x80 | value & 0x3F))
        case ..<0x10000:
            scratch.append(UInt8(0xE0 | value >> 12))
            scratch.append(UInt8(0x80 | value >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | value & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | value >> 18))
            scratch.append(UInt8(0x80 | value >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | value >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | value & 0x3F))
        }
    }

    private func validatedUTF8SequenceEnd(at index: Int) throws(JSONParseError) -> Int {
        guard let end = utf8SequenceEnd(at: index) else { throw invalidUTF8(at: index) }
        return end
    }

    /// The end of the well-formed multi-byte UTF-8 sequence starting at `index`
    /// (Unicode Table 3-7), or nil for overlongs, surrogates, values above U+10FFFF,
    /// stray continuation bytes and truncated sequences.
    func utf8SequenceEnd(at index: Int) -> Int? {
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        let length: Int
        switch byte(index) {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upper = 0x9F
        case 0xF0: length = 4; lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upper = 0x8F
        default: return nil
        }
        guard index + length <= count else { return nil }
        let second = byte(index + 1)
        guard second >= lower && second <= upper else { return nil }
        for offset in index + 2 ..< index + length where byte(offset) & 0xC0 != 0x80 {
            return nil
        }
        return index + length
    }
}
