import StrictJSON
import Testing

@Suite("Writer")
struct WriterTests {
    static let sample: JSONValue = .object(JSONObject([
        JSONMember(key: "name", value: .string("x")),
        JSONMember(key: "list", value: .array([.number(JSONNumber(1)), .bool(true), .null])),
        JSONMember(key: "empty", value: .object(JSONObject())),
        JSONMember(key: "none", value: .array([])),
        JSONMember(key: "nested", value: .object(JSONObject([JSONMember(key: "k", value: .string("v"))]))),
    ]))

    @Test func compactOutput() {
        #expect(JSONWriter.compact(Self.sample)
            == #"{"name":"x","list":[1,true,null],"empty":{},"none":[],"nested":{"k":"v"}}"#)
    }

    @Test func prettyOutput() {
        #expect(JSONWriter.pretty(Self.sample) == """
            {
              "name": "x",
              "list": [
                1,
                true,
                null
              ],
              "empty": {},
              "none": [],
              "nested": {
                "k": "v"
              }
            }
            """)
    }

    @Test func prettyIndentWidths() {
        let value: JSONValue = .array([.object(JSONObject([JSONMember(key: "a", value: .null)]))])
        #expect(JSONWriter.pretty(value, indent: 4) == "[\n    {\n        \"a\": null\n    }\n]")
        #expect(JSONWriter.pretty(value, indent: 0) == "[\n{\n\"a\": null\n}\n]")
        #expect(JSONWriter.pretty(.string("s")) == "\"s\"")
        #expect(JSONWriter.pretty(.array([])) == "[]")
    }

    @Test func escaping() {
        #expect(JSONWriter.compact(.string("quote\" back\\ slash/ é 😀"))
            == "\"quote\\\" back\\\\ slash/ é 😀\"")
        #expect(JSONWriter.compact(.string("\u{08}\u{0C}\n\r\t\u{0}\u{01}\u{1F}\u{7F}"))
            == "\"\\b\\f\\n\\r\\t\\u0000\\u0001\\u001f\u{7F}\"")
        let object: JSONValue = .object(JSONObject([JSONMember(key: "k\"\n", value: .string(""))]))
        #expect(JSONWriter.compact(object) == #"{"k\"\n":""}"#)
    }

    @Test func numbersUseTheirOriginalText() throws {
        let value = try JSONParser.parse("[1.50, -0, 1E+03, 123456789012345678901234567890]")
        #expect(JSONWriter.compact(value) == "[1.50,-0,1E+03,123456789012345678901234567890]")
    }

    @Test func writeAppendsToTheBuffer() {
        var output = Array("prefix:".utf8)
        JSONWriter.write(Self.sample, pretty: false, into: &output)
        #expect(output == Array(("prefix:" + JSONWriter.compact(Self.sample)).utf8))
        var pretty: [UInt8] = []
        JSONWriter.write(Self.sample, pretty: true, into: &pretty)
        #expect(pretty == Array(JSONWriter.pretty(Self.sample).utf8))
    }

    @Test(arguments: [
        "null", "true", "\"\"", "0", "[]", "{}", "-1.5e-3",
        #"{"a": [1, 2, {"b": null}], "c": "\u00e9\ud83d\ude00\n\"\\/", "d": {"e": [[], {}]}}"#,
        #"["\u0000\u0001\u001f\u007f", "tab\there", "é", "e\u0301"]"#,
        #"{"": "", " ": {"~/": [false, true]}}"#,
    ])
    func roundTrip(text: String) throws {
        let value = try JSONParser.parse(text)
        #expect(try JSONParser.parse(JSONWriter.compact(value)) == value)
        #expect(try JSONParser.parse(JSONWriter.pretty(value)) == value)
        #expect(try JSONParser.parse(JSONWriter.pretty(value, indent: 0)) == value)
    }

    @Test func roundTripOfEveryControlCharacter() throws {
        let text = String(decoding: (0..<0x20).map { UInt8($0) } + Array("\u{2028}\u{FEFF}".utf8), as: UTF8.self)
        let value: JSONValue = .object(JSONObject([JSONMember(key: text, value: .string(text))]))
        #expect(try JSONParser.parse(JSONWriter.compact(value)) == value)
    }
}
