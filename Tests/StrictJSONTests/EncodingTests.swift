import StrictJSON
import Testing

@Suite("Encodings and UTF-8 validation")
struct EncodingTests {
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// `["a<bytes>"]`, so the sequence under test starts at offset 3.
    static func stringDocument(_ bytes: [UInt8]) -> [UInt8] {
        Array("[\"a".utf8) + bytes + Array("\"]".utf8)
    }

    @Test func utf8ByteOrderMarkIsSkipped() throws {
        let value = try JSONParser.parse(Self.bom + Array("{\"a\": 1}".utf8))
        #expect(value.objectValue?["a"] == .number(JSONNumber(1)))
    }

    @Test func columnsAfterByteOrderMarkIgnoreIt() throws {
        let error = try #require(parseFailure(bytes: Self.bom + Array("{\"a\":}".utf8)))
        #expect(error.offset == 8)
        #expect((error.line, error.column) == (1, 6))
    }

    @Test func byteOrderMarkAloneIsEmpty() throws {
        let error = try #require(parseFailure(bytes: Self.bom + Array("  ".utf8)))
        #expect(error.kind == .emptyInput)
        #expect((error.line, error.column) == (1, 1))
    }

    @Test func byteOrderMarkOnlyAllowedAtStart() throws {
        let error = try #require(parseFailure(bytes: [0x20] + Self.bom + Array("{}".utf8)))
        #expect(error.kind == .unexpectedCharacter(found: "\u{FEFF}", expected: "a value"))
        #expect(error.offset == 1)
    }

    @Test(arguments: [
        [0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00],
        [0xFE, 0xFF, 0x00, 0x7B, 0x00, 0x7D],
        [0x7B, 0x00, 0x7D, 0x00],
        [0x00, 0x7B, 0x00, 0x7D],
        [0xFF, 0xFE, 0x00, 0x00, 0x7B, 0x00, 0x00, 0x00],
        [0x00, 0x00, 0xFE, 0xFF, 0x00, 0x00, 0x00, 0x7B],
        [0x00, 0x00, 0x00, 0x7B],
        [0x7B, 0x00, 0x00, 0x00],
        [0x31, 0x00],
    ] as [[UInt8]])
    func utf16And32AreRejected(bytes: [UInt8]) throws {
        let error = try #require(parseFailure(bytes: bytes))
        #expect(error.kind == .utf16Or32Encoding)
        #expect((error.offset, error.line, error.column) == (0, 1, 1))
        #expect(error.message.contains("save the file as UTF-8"))
    }

    @Test func utf16MessageNamesTheEncoding() throws {
        #expect(parseFailure(bytes: [0xFF, 0xFE, 0x7B, 0x00])?.message.contains("UTF-16") == true)
        #expect(parseFailure(bytes: [0x00, 0x00, 0xFE, 0xFF])?.message.contains("UTF-32") == true)
    }

    @Test(arguments: [
        [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80],
        [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xE2, 0x82, 0xAC],
    ] as [[UInt8]])
    func wellFormedSequencesAreAccepted(bytes: [UInt8]) throws {
        let value = try JSONParser.parse(Self.stringDocument(bytes))
        #expect(value == .array([.string(String(decoding: [0x61] + bytes, as: UTF8.self))]))
    }

    @Test(arguments: [
        ([0xC0, 0x80], "overlong"), ([0xC1, 0xBF], "overlong"), ([0xE0, 0x80, 0x80], "overlong"),
        ([0xE0, 0x9F, 0xBF], "overlong"), ([0xF0, 0x80, 0x80, 0x80], "overlong"),
        ([0xF0, 0x8F, 0xBF, 0xBF], "overlong"), ([0xED, 0xA0, 0x80], "surrogate"),
        ([0xED, 0xBF, 0xBF], "surrogate"), ([0xF4, 0x90, 0x80, 0x80], "never appears"),
        ([0xF5, 0x80, 0x80, 0x80], "never appears"), ([0xFE], "never appears"), ([0xFF], "never appears"),
        ([0x80], "continuation byte"), ([0xBF], "continuation byte"), ([0xC3], "incomplete"),
        ([0xE2, 0x82], "incomplete"), ([0xF0, 0x9F, 0x98], "incomplete"), ([0xE9, 0x74], "incomplete"),
        ([0xC3, 0xC3, 0xA9], "incomplete"),
    ] as [([UInt8], String)])
    func malformedSequencesAreRejected(bytes: [UInt8], problem: String) throws {
        let error = try #require(parseFailure(bytes: Self.stringDocument(bytes)))
        #expect(error.kind == .invalidUTF8)
        #expect((error.offset, error.line, error.column) == (3, 1, 4))
        #expect(error.pointer == JSONPointer("/0"))
        #expect(error.message.contains(problem), "\(error.message)")
        #expect(error.message.contains("save it as UTF-8"))
    }

    @Test func malformedSequenceInEscapedString() throws {
        let error = try #require(parseFailure(bytes: Array("{\"k\": \"\\n".utf8) + [0xC0, 0xAF] + Array("\"}".utf8)))
        #expect(error.kind == .invalidUTF8)
        #expect(error.offset == 9)
        #expect(error.pointer == JSONPointer("/k"))
    }

    @Test func malformedSequenceInKey() throws {
        let error = try #require(parseFailure(bytes: Array("{\"k".utf8) + [0xFF] + Array("\": 1}".utf8)))
        #expect(error.kind == .invalidUTF8)
        #expect(error.offset == 3)
        #expect(error.pointer == .root)
    }

    @Test func truncatedSequenceAtEndOfInput() throws {
        let error = try #require(parseFailure(bytes: Array("\"ab".utf8) + [0xE2, 0x82]))
        #expect(error.kind == .invalidUTF8)
        #expect(error.offset == 3)
    }

    @Test func malformedByteOutsideStrings() throws {
        let error = try #require(parseFailure(bytes: Array("[1, ".utf8) + [0xFF] + Array("]".utf8)))
        #expect(error.kind == .invalidUTF8)
        #expect(error.offset == 4)
        let trailing = try #require(parseFailure(bytes: Array("[1] ".utf8) + [0xC0, 0x80]))
        #expect(trailing.kind == .invalidUTF8)
        #expect(trailing.offset == 4)
    }

    @Test func nonASCIICharacterOutsideStrings() throws {
        let error = try #require(parseFailure("[\u{201C}a\u{201D}]"))
        #expect(error.kind == .unexpectedCharacter(found: "\u{201C}", expected: "a value"))
        #expect(error.message.contains("(U+201C)"))
        #expect(error.message.contains("typographic quote"))
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let error = try #require(parseFailure("{\"Zürich 😀\": 1,\n \"x\": ?}"))
        #expect((error.line, error.column) == (2, 7))
        let sameLine = try #require(parseFailure("[\"😀😀\", ?]"))
        #expect(sameLine.column == 8)
        #expect(sameLine.offset == 13)
    }
}
