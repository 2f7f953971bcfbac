/// Why and where a document was rejected.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case emptyInput
        case invalidUTF8
        case utf16Or32Encoding
        /// `found` is the offending character itself; `expected` describes what the
        /// grammar allows there, e.g. `"',' or '}'"`.
        case unexpectedCharacter(found: String, expected: String)
        case unexpectedEndOfInput(expected: String)
        case invalidNumber
        case invalidEscape
        case invalidUnicodeEscape
        case controlCharacterInString
        case duplicateKey(String)
        case nestingTooDeep(limit: Int)
        case trailingContent
        /// `JSONParser.parseObject` was given a valid document whose top level is not an object.
        case notAnObject
        /// A streamed input's source failed before its end (`JSONParser.parse(reading:…)`);
        /// the source knows why.
        case unreadable
    }

    public let kind: Kind
    /// Byte offset into the input, counting a leading byte order mark.
    public let offset: Int
    /// 1-based line number.
    public let line: Int
    /// 1-based column, counted in Unicode scalars from the start of the line
    /// (a leading UTF-8 byte order mark is not counted).
    public let column: Int
    /// The value being parsed when the error happened; for a duplicate key, that member.
    public let pointer: JSONPointer
    /// One sentence a person can act on.
    public let message: String

    init(kind: Kind, offset: Int, line: Int, column: Int, pointer: JSONPointer, message: String) {
        self.kind = kind
        self.offset = offset
        self.line = line
        self.column = column
        self.pointer = pointer
        self.message = message
    }

    /// `line L, column C (at /pointer): message`; the root pointer is shown as `root`.
    public var description: String {
        let location = pointer.isRoot ? "root" : pointer.description
        return "line \(line), column \(column) (at \(location)): \(message)"
    }
}
