import StrictJSON
import Testing

@Suite("Parsing valid documents")
struct ParsingTests {
    @Test func scalars() throws {
        #expect(try JSONParser.parse("null") == .null)
        #expect(try JSONParser.parse(" true ") == .bool(true))
        #expect(try JSONParser.parse("\tfalse\r\n") == .bool(false))
        #expect(try JSONParser.parse("\"hi\"") == .string("hi"))
        #expect(try JSONParser.parse("0") == .number(JSONNumber(0)))
    }

    @Test func nestedDocumentKeepsMemberOrder() throws {
        let value = try JSONParser.parse("""
            {"z": 1, "a": [true, null, {"k": "v"}], "m": {}, "e": []}
            """)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["z", "a", "m", "e"])
        #expect(object["a"] == .array([.bool(true), .null, .object(JSONObject([JSONMember(key: "k", value: .string("v"))]))]))
        #expect(object["m"] == .object(JSONObject()))
        #expect(object["e"] == .array([]))
    }

    @Test(arguments: ["0", "-0", "1.5", "-1.5e3", "1E+2", "1e-2", "0.0", "10", "123456789012345678901234567890", "1e400", "2.50"])
    func numbersKeepTheirText(text: String) throws {
        let value = try JSONParser.parse("[\(text)]")
        #expect(value == .array([.number(try #require(JSONNumber(exactly: text)))]))
        #expect(value.arrayValue?.first?.numberValue?.text == text)
    }

    @Test func simpleEscapes() throws {
        let value = try JSONParser.parse(#""a\"b\\c\/d\be\ff\ng\rh\ti""#)
        #expect(value == .string("a\"b\\c/d\u{08}e\u{0C}f\ng\rh\ti"))
    }

    @Test func unicodeEscapes() throws {
        #expect(try JSONParser.parse(#""\u0041\u00e9\u00E9\u20AC""#) == .string("A\u{E9}\u{E9}\u{20AC}"))
        #expect(try JSONParser.parse(#""\u0000""#) == .string("\u{0}"))
        #expect(try JSONParser.parse(#""\uD83D\uDE00""#) == .string("\u{1F600}"))
        #expect(try JSONParser.parse(#""x\udbff\udfffy""#) == .string("x\u{10FFFF}y"))
        #expect(try JSONParser.parse(#""\uFFFF""#) == .string("\u{FFFF}"))
    }

    @Test func rawNonASCIIStrings() throws {
        #expect(try JSONParser.parse("\"Zürich 😀 Максим\"") == .string("Zürich 😀 Максим"))
        #expect(try JSONParser.parse("\"naïve\\n😀\"") == .string("naïve\n😀"))
    }

    @Test func keysAreUnescaped() throws {
        let object = try JSONParser.parseObject(Array(#"{"a\u0062": 1, "t\tb": 2}"#.utf8))
        #expect(object.keys == ["ab", "t\tb"])
    }

    @Test func allEntryPointsAgree() throws {
        let text = #"{"a": [1, "x"]}"#
        let bytes = Array(text.utf8)
        let fromString = try JSONParser.parse(text)
        let fromArray = try JSONParser.parse(bytes)
        let fromBuffer = try bytes.withUnsafeBytes { buffer throws(JSONParseError) in try JSONParser.parse(buffer) }
        #expect(fromString == fromArray)
        #expect(fromString == fromBuffer)
        #expect(try JSONParser.parseObject(bytes) == fromString.objectValue)
        #expect(try JSONParser.parseObject(text) == fromString.objectValue)
    }

    @Test func parseObjectRequiresAnObject() throws {
        let error = try #require(objectFailure("  [1, 2]"))
        #expect(error.kind == .notAnObject)
        #expect(error.offset == 2)
        #expect((error.line, error.column) == (1, 3))
        #expect(error.pointer == .root)
        #expect(error.message == "expected a JSON object at the top level, but found an array")
        #expect(objectFailure("\"x\"")?.message == "expected a JSON object at the top level, but found a string")
    }

    @Test func parseObjectReportsSyntaxErrorsFirst() throws {
        let error = try #require(objectFailure("[1,"))
        #expect(error.kind == .unexpectedEndOfInput(expected: "a value"))
    }

    @Test func largeObjectWithUniqueKeys() throws {
        let members = (0..<200).map { "\"key\($0)\": \($0)" }.joined(separator: ", ")
        let object = try JSONParser.parseObject("{\(members)}")
        #expect(object.count == 200)
        #expect(object["key150"] == .number(JSONNumber(150)))
    }
}
