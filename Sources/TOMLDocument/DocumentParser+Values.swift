extension DocumentParser {
    /// Parses any value. `keyPath` is the full path of the key it belongs to, used
    /// to name the keys of inline tables in error messages.
    mutating func parseValue(keyPath: [String]) throws(TOMLParseError) -> TOMLNode {
        let position = cursor.position
        switch cursor.current {
        case "\"":
            let text = cursor.hasPrefix("\"\"\"") ? try parseMultilineString(isLiteral: false) : try parseBasicString()
            return TOMLNode(value: .string(text), position: position)
        case "'":
            let text = cursor.hasPrefix("'''") ? try parseMultilineString(isLiteral: true) : try parseLiteralString()
            return TOMLNode(value: .string(text), position: position)
        case "[":
            return TOMLNode(value: .array(try parseArray(keyPath: keyPath)), position: position)
        case "{":
            return TOMLNode(value: .table(try parseInlineTable(keyPath: keyPath)), position: position)
        default:
            return TOMLNode(value: try parseBareValue(), position: position)
        }
    }

    private mutating func enterNesting() throws(TOMLParseError) {
        nestingDepth += 1
        if nestingDepth > Self.maximumNestingDepth {
            throw cursor.error("arrays and inline tables are nested more than \(Self.maximumNestingDepth) levels deep")
        }
    }

    private mutating func parseArray(keyPath: [String]) throws(TOMLParseError) -> [TOMLNode] {
        try enterNesting()
        defer { nestingDepth -= 1 }
        cursor.advance()
        var elements: [TOMLNode] = []
        while true {
            try skipWhitespaceCommentsAndNewlines()
            if cursor.consume("]") { return elements }
            elements.append(try parseValue(keyPath: keyPath))
            try skipWhitespaceCommentsAndNewlines()
            if cursor.consume(",") { continue }
            if cursor.consume("]") { return elements }
            throw cursor.error("expected ',' or ']' in array, found \(ScalarClasses.describe(cursor.current))")
        }
    }

    private mutating func parseInlineTable(keyPath: [String]) throws(TOMLParseError) -> TOMLTable {
        try enterNesting()
        defer { nestingDepth -= 1 }
        let table = TableBuilder(origin: .inlineTable, position: cursor.position, path: keyPath)
        cursor.advance()
        skipWhitespace()
        if cursor.consume("}") { return table.build() }
        while true {
            skipWhitespace()
            try rejectNewlineInInlineTable()
            if cursor.current == "}" {
                throw cursor.error("trailing comma is not allowed in an inline table")
            }
            let key = try parseKey()
            try rejectNewlineInInlineTable()
            let node = try parseEqualsAndValue(after: key, keyPath: keyPath + key.map(\.name))
            try table.defineValue(node, at: key)
            skipWhitespace()
            if cursor.consume(",") { continue }
            if cursor.consume("}") { return table.build() }
            try rejectNewlineInInlineTable()
            throw cursor.error("expected ',' or '}' in inline table, found \(ScalarClasses.describe(cursor.current))")
        }
    }

    private func rejectNewlineInInlineTable() throws(TOMLParseError) {
        if cursor.current == "\n" || cursor.current == "\r" {
            throw cursor.error("an inline table must be on a single line")
        }
    }

    /// Parses an unquoted value: boolean, number, date or time.
    private mutating func parseBareValue() throws(TOMLParseError) -> TOMLValue {
        let position = cursor.position
        var token = takeBareValueToken()
        // A date may be separated from its time by a space instead of a 'T'.
        if DateTimeLiteral.isFullDate(token), cursor.current == " ",
           let next = cursor.peek(1), ScalarClasses.isDecimalDigit(next) {
            cursor.advance()
            token += " " + takeBareValueToken()
        }
        guard !token.isEmpty else {
            throw cursor.error("expected a value, found \(ScalarClasses.describe(cursor.current))")
        }
        switch token {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        default: break
        }
        if DateTimeLiteral.looksLikeDateOrTime(token) {
            return try DateTimeLiteral.parse(token, at: position)
        }
        return try NumberLiteral.parse(token, at: position)
    }

    private mutating func takeBareValueToken() -> String {
        var token = String.UnicodeScalarView()
        while let scalar = cursor.current, ScalarClasses.isBareValueCharacter(scalar) {
            token.append(scalar)
            cursor.advance()
        }
        return String(token)
    }
}
