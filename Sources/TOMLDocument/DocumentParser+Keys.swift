extension DocumentParser {
    /// Parses a bare, quoted or dotted key, and the whitespace after it.
    mutating func parseKey() throws(TOMLParseError) -> [KeySegment] {
        var segments: [KeySegment] = []
        repeat {
            skipWhitespace()
            segments.append(try parseKeySegment())
            skipWhitespace()
        } while cursor.consume(".")
        return segments
    }

    private mutating func parseKeySegment() throws(TOMLParseError) -> KeySegment {
        let position = cursor.position
        switch cursor.current {
        case "\"":
            if cursor.hasPrefix("\"\"\"") {
                throw cursor.error("multi-line strings cannot be used as keys")
            }
            return KeySegment(name: try parseBasicString(), position: position)
        case "'":
            if cursor.hasPrefix("'''") {
                throw cursor.error("multi-line strings cannot be used as keys")
            }
            return KeySegment(name: try parseLiteralString(), position: position)
        default:
            var name = String.UnicodeScalarView()
            while let scalar = cursor.current, ScalarClasses.isBareKeyCharacter(scalar) {
                name.append(scalar)
                cursor.advance()
            }
            guard !name.isEmpty else {
                throw cursor.error("expected a key, found \(ScalarClasses.describe(cursor.current))")
            }
            return KeySegment(name: String(name), position: position)
        }
    }
}
