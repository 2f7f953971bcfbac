import StrictJSON
import Testing

@Suite("Nesting depth")
struct DepthTests {
    static func nestedArrays(_ depth: Int, closed: Bool = true) -> String {
        String(repeating: "[", count: depth) + (closed ? String(repeating: "]", count: depth) : "")
    }

    @Test func sixtyFourLevelsAreAccepted() throws {
        var value = try JSONParser.parse(Self.nestedArrays(64))
        var depth = 0
        while let elements = value.arrayValue {
            depth += 1
            value = elements.first ?? .null
        }
        #expect(depth == 64)
    }

    @Test func sixtyFiveLevelsAreRejected() throws {
        let error = try #require(parseFailure(Self.nestedArrays(65)))
        #expect(error.kind == .nestingTooDeep(limit: 64))
        #expect(error.offset == 64)
        #expect(error.column == 65)
        #expect(error.pointer.description == String(repeating: "/0", count: 64))
        #expect(error.message == "arrays and objects are nested more than 64 levels deep")
    }

    @Test func nestedObjectsCountToo() throws {
        let ok = String(repeating: "{\"a\":", count: 64) + "1" + String(repeating: "}", count: 64)
        #expect(parseFailure(ok) == nil)
        let tooDeep = String(repeating: "{\"a\":", count: 65) + "1" + String(repeating: "}", count: 65)
        let error = try #require(parseFailure(tooDeep))
        #expect(error.kind == .nestingTooDeep(limit: 64))
        #expect(error.pointer.description == String(repeating: "/a", count: 64))
    }

    @Test func emptyContainerAtTheLimitCounts() throws {
        #expect(parseFailure(Self.nestedArrays(64) , maxDepth: 64) == nil)
        #expect(parseFailure("[[[{}]]]", maxDepth: 3)?.kind == .nestingTooDeep(limit: 3))
    }

    @Test func tenThousandLevelsFailCleanly() throws {
        let unclosed = try #require(parseFailure(Self.nestedArrays(10_000, closed: false)))
        #expect(unclosed.kind == .nestingTooDeep(limit: 64))
        let closed = try #require(parseFailure(Self.nestedArrays(10_000)))
        #expect(closed.kind == .nestingTooDeep(limit: 64))
        let objects = try #require(parseFailure(String(repeating: "{\"k\":", count: 10_000)))
        #expect(objects.kind == .nestingTooDeep(limit: 64))
    }

    @Test func customLimits() throws {
        #expect(parseFailure("1", maxDepth: 0) == nil)
        #expect(parseFailure("[]", maxDepth: 0)?.kind == .nestingTooDeep(limit: 0))
        #expect(parseFailure("[1]", maxDepth: 1) == nil)
        #expect(parseFailure("[[1]]", maxDepth: 1)?.kind == .nestingTooDeep(limit: 1))
    }

    @Test func deepDocumentsWithARaisedLimitParseWithoutRecursion() throws {
        let value = try JSONParser.parse(Self.nestedArrays(2_000), maxDepth: 2_000)
        #expect(JSONWriter.compact(value) == Self.nestedArrays(2_000))
    }
}

@Suite("Duplicate keys")
struct DuplicateKeyTests {
    @Test func duplicateReportsBothLocations() throws {
        let error = try #require(parseFailure("{\n  \"severity\": 1,\n  \"title\": \"x\",\n  \"severity\": 2\n}"))
        #expect(error.kind == .duplicateKey("severity"))
        #expect((error.line, error.column) == (4, 3))
        #expect(error.pointer.description == "/severity")
        #expect(error.message == "duplicate key \"severity\" (first seen at line 2, column 3)")
        #expect(error.description == "line 4, column 3 (at /severity): duplicate key \"severity\" (first seen at line 2, column 3)")
    }

    @Test func keysAreComparedAfterUnescaping() throws {
        let error = try #require(parseFailure(#"{"a": 1, "\u0061": 2}"#))
        #expect(error.kind == .duplicateKey("a"))
        #expect(error.offset == 9)
        #expect(error.message == "duplicate key \"a\" (first seen at line 1, column 2)")
        #expect(parseFailure(#"{"\/": 1, "/": 2}"#)?.kind == .duplicateKey("/"))
        #expect(parseFailure(#"{"😀": 1, "\ud83d\ude00": 2}"#)?.kind == .duplicateKey("😀"))
    }

    @Test func canonicallyEquivalentKeysAreDistinct() throws {
        let object = try JSONParser.parseObject(#"{"\u00e9": 1, "e\u0301": 2}"#)
        #expect(object.count == 2)
    }

    @Test func pointerLeadsToTheDuplicate() throws {
        #expect(parseFailure(#"{"outer": {"x": 1, "x": 2}}"#)?.pointer.description == "/outer/x")
        #expect(parseFailure(#"[{"k": 1}, {"k": 1, "k": 2}]"#)?.pointer.description == "/1/k")
        #expect(parseFailure(#"{"a/b": {"c~d": 1, "c~d": 2}}"#)?.pointer.description == "/a~1b/c~0d")
    }

    @Test func sameKeyInDifferentObjectsIsFine() throws {
        #expect(parseFailure(#"{"k": {"k": {"k": 1}}, "x": [{"k": 1}, {"k": 2}]}"#) == nil)
    }

    @Test func keyInMessageIsEscaped() throws {
        let error = try #require(parseFailure(#"{"a\"b\n": 1, "a\"b\n": 2}"#))
        #expect(error.message.hasPrefix(#"duplicate key "a\"b\n" "#))
    }

    @Test(arguments: [1, 15, 16, 17, 40])
    func largeObjectsUseTheSetPath(keyCount: Int) throws {
        for duplicated in [0, keyCount - 1] {
            let members = (0..<keyCount).map { "\"k\($0)\": \($0)" } + ["\"k\(duplicated)\": 0"]
            let text = "{\n" + members.joined(separator: ",\n") + "\n}"
            let error = try #require(parseFailure(text))
            #expect(error.kind == .duplicateKey("k\(duplicated)"))
            #expect((error.line, error.column) == (keyCount + 2, 1))
            #expect(error.message.hasSuffix("(first seen at line \(duplicated + 2), column 1)"))
        }
    }

    @Test func duplicateDetectionResetsAfterNestedObjects() throws {
        let inner = (0..<20).map { "\"i\($0)\": 0" }.joined(separator: ", ")
        let outer = (0..<20).map { "\"o\($0)\": {\(inner)}" }.joined(separator: ", ")
        let object = try JSONParser.parseObject("{\(outer)}")
        #expect(object.count == 20)
        let error = try #require(parseFailure("{\(outer), \"o3\": 1}"))
        #expect(error.kind == .duplicateKey("o3"))
    }
}
