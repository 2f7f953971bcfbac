import StrictJSON
import Testing

@Suite("Value model")
struct ValueModelTests {
    @Test func integerNumber() {
        let number = JSONNumber(-104)
        #expect(number.text == "-104")
        #expect(number.isInteger)
        #expect(number.int64Value == -104)
        #expect(number.doubleValue == -104)
    }

    @Test func numberFromText() throws {
        let number = try #require(JSONNumber(exactly: "-1.5e3"))
        #expect(number.text == "-1.5e3")
        #expect(!number.isInteger)
        #expect(number.int64Value == nil)
        #expect(number.doubleValue == -1500)
        #expect(JSONNumber(exactly: "01") == nil)
        #expect(JSONNumber(exactly: " 1") == nil)
        #expect(JSONNumber(exactly: "+1") == nil)
        #expect(JSONNumber(exactly: "\"1\"") == nil)
    }

    @Test func int64Range() throws {
        #expect(try #require(JSONNumber(exactly: "9223372036854775807")).int64Value == .max)
        #expect(try #require(JSONNumber(exactly: "-9223372036854775808")).int64Value == .min)
        #expect(try #require(JSONNumber(exactly: "9223372036854775808")).int64Value == nil)
        #expect(try #require(JSONNumber(exactly: "1E2")).int64Value == nil)
        #expect(try #require(JSONNumber(exactly: "-0")).int64Value == 0)
        #expect(try #require(JSONNumber(exactly: "1e400")).doubleValue == .infinity)
    }

    @Test func numbersCompareByText() throws {
        #expect(JSONNumber(exactly: "1.0") != JSONNumber(exactly: "1"))
        #expect(JSONNumber(exactly: "7") == JSONNumber(7))
    }

    @Test func objectSubscript() {
        var object = JSONObject([JSONMember(key: "a", value: .null)])
        object["b"] = .bool(true)
        object["a"] = .string("x")
        #expect(object.keys == ["a", "b"])
        #expect(object.count == 2)
        #expect(object["a"] == .string("x"))
        #expect(object["missing"] == nil)
        object["a"] = nil
        #expect(object.keys == ["b"])
    }

    @Test func objectKeysCompareByCodePoints() {
        let object = JSONObject([
            JSONMember(key: "\u{E9}", value: .number(JSONNumber(1))),
            JSONMember(key: "e\u{301}", value: .number(JSONNumber(2))),
        ])
        #expect(object["\u{E9}"] == .number(JSONNumber(1)))
        #expect(object["e\u{301}"] == .number(JSONNumber(2)))
    }

    @Test func valueAccessors() {
        #expect(JSONValue.string("s").stringValue == "s")
        #expect(JSONValue.bool(false).boolValue == false)
        #expect(JSONValue.number(JSONNumber(3)).numberValue == JSONNumber(3))
        #expect(JSONValue.array([.null]).arrayValue == [.null])
        #expect(JSONValue.object(JSONObject()).objectValue == JSONObject())
        #expect(JSONValue.null.isNull)
        #expect(!JSONValue.string("null").isNull)
        #expect(JSONValue.null.stringValue == nil)
        #expect(JSONValue.string("1").numberValue == nil)
    }

    @Test func typeNames() {
        let values: [JSONValue] = [.null, .bool(true), .number(JSONNumber(1)), .string(""), .array([]), .object(JSONObject())]
        #expect(values.map(\.typeName) == ["null", "boolean", "number", "string", "array", "object"])
    }

    @Test func pointerEscaping() {
        #expect(JSONPointer.root.description == "")
        #expect(JSONPointer.root.isRoot)
        let pointer = JSONPointer.root.appending("azureTicket").appending("a/b~c").appending(3)
        #expect(pointer.description == "/azureTicket/a~1b~0c/3")
        #expect(pointer.referenceTokens == ["azureTicket", "a/b~c", "3"])
        #expect(JSONPointer("/a~1b") == JSONPointer.root.appending("a/b"))
        #expect(JSONPointer("/").referenceTokens == [""])
        #expect(JSONPointer("/~01").referenceTokens == ["~1"])
    }

    @Test func errorDescription() throws {
        let error = try #require(parseFailure("{\"a\": x}"))
        #expect(error.description == "line 1, column 7 (at /a): unexpected character 'x'; expected a value")
        let rootError = try #require(parseFailure("x"))
        #expect(rootError.description == "line 1, column 1 (at root): unexpected character 'x'; expected a value")
    }
}
