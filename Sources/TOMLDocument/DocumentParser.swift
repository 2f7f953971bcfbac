/// Recursive-descent parser for a whole document: lines, headers and key/value pairs.
/// Values, keys and strings are parsed in the extensions next to this file.
struct DocumentParser {
    /// Arrays and inline tables nested deeper than this are rejected rather than
    /// risking a stack overflow on hostile input.
    static let maximumNestingDepth = 128

    var cursor: SourceCursor
    var nestingDepth = 0
    private let root: TableBuilder
    private var currentTable: TableBuilder

    init(scalars: [Unicode.Scalar]) {
        cursor = SourceCursor(scalars)
        root = TableBuilder(origin: .root, position: TOMLPosition(line: 1, column: 1), path: [])
        currentTable = root
    }

    mutating func parseDocument() throws(TOMLParseError) -> TOMLTable {
        while true {
            skipWhitespace()
            guard let scalar = cursor.current else { break }
            if try consumeNewline() { continue }
            switch scalar {
            case "#":
                try skipComment()
            case "[":
                try parseHeader()
            default:
                try parseKeyValueLine()
            }
            try expectEndOfLine()
        }
        return root.build()
    }

    private mutating func parseHeader() throws(TOMLParseError) {
        let headerPosition = cursor.position
        cursor.advance()
        let isArrayOfTables = cursor.consume("[")
        skipWhitespace()
        let key = try parseKey()
        guard cursor.consume("]") else {
            let expected = isArrayOfTables ? "']]'" : "']'"
            throw cursor.error("expected \(expected) to close the table header, found \(ScalarClasses.describe(cursor.current))")
        }
        if isArrayOfTables {
            guard cursor.consume("]") else {
                throw cursor.error("expected ']]' to close the array of tables header, found \(ScalarClasses.describe(cursor.current))")
            }
            currentTable = try root.appendArrayOfTablesElement(at: key, headerPosition: headerPosition)
        } else {
            currentTable = try root.defineTable(at: key, headerPosition: headerPosition)
        }
    }

    private mutating func parseKeyValueLine() throws(TOMLParseError) {
        let key = try parseKey()
        let node = try parseEqualsAndValue(after: key, keyPath: currentTable.path + key.map(\.name))
        try currentTable.defineValue(node, at: key)
    }

    /// Parses `= value` following `key`, with optional whitespace around the `=`.
    mutating func parseEqualsAndValue(after key: [KeySegment], keyPath: [String]) throws(TOMLParseError) -> TOMLNode {
        guard cursor.consume("=") else {
            let keyText = key.map(\.name).dottedKeyDescription
            if cursor.current == nil || cursor.current == "\n" || cursor.current == "\r" {
                throw cursor.error("expected '=' after key \"\(keyText)\"")
            }
            throw cursor.error("expected '=' after key \"\(keyText)\", found \(ScalarClasses.describe(cursor.current))")
        }
        skipWhitespace()
        return try parseValue(keyPath: keyPath)
    }

    /// After a header or key/value pair only whitespace and a comment may follow on the line.
    private mutating func expectEndOfLine() throws(TOMLParseError) {
        skipWhitespace()
        if cursor.current == "#" {
            try skipComment()
        }
        if cursor.isAtEnd { return }
        if try consumeNewline() { return }
        throw cursor.error("unexpected \(ScalarClasses.describe(cursor.current)); expected a newline or a comment")
    }

    mutating func skipWhitespace() {
        while let scalar = cursor.current, ScalarClasses.isWhitespace(scalar) {
            cursor.advance()
        }
    }

    /// Consumes LF or CRLF. A carriage return on its own is an error.
    mutating func consumeNewline() throws(TOMLParseError) -> Bool {
        if cursor.consume("\n") { return true }
        guard cursor.current == "\r" else { return false }
        guard cursor.peek(1) == "\n" else {
            throw cursor.error("a carriage return must be followed by a line feed")
        }
        cursor.advance(by: 2)
        return true
    }

    /// Skips a comment up to (not including) the line ending.
    mutating func skipComment() throws(TOMLParseError) {
        cursor.advance()
        while let scalar = cursor.current, scalar != "\n" {
            if scalar == "\r" {
                if cursor.peek(1) == "\n" { return }
                throw cursor.error("a carriage return must be followed by a line feed")
            }
            if ScalarClasses.isForbiddenControl(scalar) {
                throw cursor.error("control character \(ScalarClasses.describe(scalar)) is not allowed in a comment")
            }
            cursor.advance()
        }
    }

    /// Inside arrays, values may be separated by newlines and comments.
    mutating func skipWhitespaceCommentsAndNewlines() throws(TOMLParseError) {
        while true {
            skipWhitespace()
            if cursor.current == "#" {
                try skipComment()
            }
            if try !consumeNewline() { return }
        }
    }
}
