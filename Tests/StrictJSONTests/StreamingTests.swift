import StrictJSON
import Testing

@Suite("Streaming a document's top-level arrays")
struct StreamingTests {
    private func stream(_ text: String, keys: Set<String> = ["items"]) throws(JSONParseError) -> (root: JSONValue, taken: [(String, Int, JSONValue)]) {
        var taken: [(String, Int, JSONValue)] = []
        var bytes = Array(text.utf8)
        let result = bytes.withUnsafeMutableBytes { raw in
            Result { () throws(JSONParseError) -> JSONValue in
                try JSONParser.parse(UnsafeRawBufferPointer(raw), streaming: keys) { taken.append(($0, $1, $2)) }
            }
        }
        return (try result.get(), taken)
    }

    @Test("elements are handed over in order with their index, and their arrays come back empty; other members stay")
    func handsOverElements() throws {
        let (root, taken) = try stream(#"{"before": [1], "items": [{"a": [1, 2]}, "x", [3]], "after": {"items": [4]}}"#)
        #expect(taken.map(\.0) == ["items", "items", "items"])
        #expect(taken.map(\.1) == [0, 1, 2])
        #expect(taken[0].2 == .object(JSONObject([JSONMember(key: "a", value: .array([.number(JSONNumber(1)), .number(JSONNumber(2))]))])))
        #expect(taken[2].2 == .array([.number(JSONNumber(3))]), "an array inside an element is the element's, not streamed")
        #expect(root.objectValue?["items"] == .array([]))
        #expect(root.objectValue?["before"]?.arrayValue?.count == 1, "near miss: a key not asked for is kept")
        #expect(root.objectValue?["after"]?.objectValue?["items"]?.arrayValue?.count == 1, "near miss: deeper arrays of the same name are kept")
    }

    @Test("near miss: a top level that is not an object streams nothing")
    func onlyTheTopObject() throws {
        let (root, taken) = try stream(#"[{"items": [1]}, [2]]"#)
        #expect(taken.isEmpty)
        #expect(root.arrayValue?.count == 2)
    }

    @Test("an error inside a streamed element names that element's index, line and column, after the ones before it were taken")
    func errorsAreLocated() {
        var caught: JSONParseError?
        var count = 0
        do {
            let (_, taken) = try stream("{\"items\": [\n  {\"a\": 1},\n  {\"a\": 2},\n  {\"a\": tru}\n]}")
            count = taken.count
        } catch {
            caught = error
        }
        #expect(caught?.pointer.description == "/items/2/a")
        #expect(caught?.line == 4)
        #expect(caught?.column == 12, "where the literal went wrong")
        #expect(count == 0, "nothing comes back from a failed parse")
    }

    @Test("hostile: a duplicate top-level key is still refused after its array was streamed")
    func duplicateKeys() {
        #expect(throws: JSONParseError.self) { try stream(#"{"items": [1], "items": [2]}"#) }
        #expect(throws: JSONParseError.self) { try stream(#"{"items": [{"k": 1, "k": 2}]}"#) }
    }
}
