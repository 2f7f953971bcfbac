import Testing
import TOMLDocument

@Suite("Comments, whitespace and encoding")
struct DocumentTests {
    @Test func commentsAndBlankLines() {
        let table = parseValid("""
            # This is a full-line comment
            key = "value"  # This is a comment at the end of a line
            another = "# This is not a comment"

            \t # indented comment
            """)
        #expect(table?.keys == ["key", "another"])
        #expect(table?.value("another") == .string("# This is not a comment"))
    }

    @Test func emptyDocuments() {
        #expect(parseValid("")?.entries.isEmpty == true)
        #expect(parseValid("\n\n# only comments\n")?.entries.isEmpty == true)
    }

    @Test func controlCharactersInComments() {
        expectError("# bell \u{07} here", at: 1, 8, containing: "control character U+0007 is not allowed in a comment")
        expectError("a = 1 # del \u{7F}", at: 1, 13, containing: "U+007F")
        #expect(parseValid("# tab\tis fine") != nil)
    }

    @Test func bareCarriageReturnIsAnError() {
        expectError("a = 1\rb = 2", at: 1, 6, containing: "carriage return")
        expectError("# comment\r", at: 1, 10, containing: "carriage return")
        expectError("s = '''a\rb'''", at: 1, 9, containing: "carriage return")
    }

    @Test func unexpectedCharacterAtLineStart() {
        expectError("a = 1\n\u{01} = 2", at: 2, 1, containing: "expected a key, found U+0001")
    }

    @Test func byteOrderMarkIsSkipped() {
        #expect(parseValid("\u{FEFF}a = 1")?.value("a") == .integer(1))
    }

    @Test func utf8Bytes() throws {
        let table = try TOMLParser.parse(utf8: Array("name = \"Jösé\"\n".utf8))
        #expect(table["name"]?.node.value == .string("Jösé"))
    }

    @Test func invalidUTF8IsReportedWithPosition() {
        let bytes = Array("a = 1\nb = \"x".utf8) + [0xC3, 0x28] + Array("\"".utf8)
        #expect(throws: TOMLParseError(message: "the document is not valid UTF-8", position: position(2, 7))) {
            try TOMLParser.parse(utf8: bytes)
        }
    }

    @Test func typeNames() {
        let values: [(TOMLValue, String)] = [
            (.string(""), "string"), (.integer(1), "integer"), (.float(1), "float"), (.boolean(true), "boolean"),
            (.offsetDateTime(""), "date-time"), (.localDateTime(""), "local date-time"),
            (.localDate(""), "local date"), (.localTime(""), "local time"), (.array([]), "array"),
            (.table(TOMLTable(entries: [], position: position(1, 1))), "table"),
        ]
        for (value, name) in values {
            #expect(value.typeName == name)
        }
    }
}
