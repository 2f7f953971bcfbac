import StrictJSON
import Testing

struct ErrorCase: Sendable, CustomTestStringConvertible {
    let input: String
    let kind: JSONParseError.Kind
    let line: Int
    let column: Int
    let pointer: String
    var messageFragment = ""

    var testDescription: String { input.debugDescription }
}

@Suite("Syntax errors")
struct SyntaxErrorTests {
    static let cases: [ErrorCase] = [
        ErrorCase(input: "{\"a\": 1,\n  \"b\": tru}",
                  kind: .unexpectedCharacter(found: "}", expected: "'true'"), line: 2, column: 11, pointer: "/b"),
        ErrorCase(input: "[1, 2,]", kind: .unexpectedCharacter(found: "]", expected: "a value"),
                  line: 1, column: 7, pointer: "/2", messageFragment: "trailing commas are not allowed"),
        ErrorCase(input: "{\"a\": 1,}", kind: .unexpectedCharacter(found: "}", expected: "a string key in double quotes"),
                  line: 1, column: 9, pointer: "", messageFragment: "trailing commas are not allowed"),
        ErrorCase(input: "{'a': 1}",
                  kind: .unexpectedCharacter(found: "'", expected: "a string key in double quotes or '}'"),
                  line: 1, column: 2, pointer: "", messageFragment: "must use double quotes"),
        ErrorCase(input: "{\"a\" 1}", kind: .unexpectedCharacter(found: "1", expected: "':'"),
                  line: 1, column: 6, pointer: "/a"),
        ErrorCase(input: "{\"a\": 1 \"b\": 2}", kind: .unexpectedCharacter(found: "\"", expected: "',' or '}'"),
                  line: 1, column: 9, pointer: "", messageFragment: "is a comma missing?"),
        ErrorCase(input: "// note\n{}", kind: .unexpectedCharacter(found: "/", expected: "a value"),
                  line: 1, column: 1, pointer: "", messageFragment: "comments are not allowed"),
        ErrorCase(input: "{\"a\": 1 /* c */}", kind: .unexpectedCharacter(found: "/", expected: "',' or '}'"),
                  line: 1, column: 9, pointer: "", messageFragment: "comments are not allowed"),
        ErrorCase(input: "[NaN]", kind: .unexpectedCharacter(found: "N", expected: "a value"),
                  line: 1, column: 2, pointer: "/0", messageFragment: "NaN and Infinity"),
        ErrorCase(input: "[Infinity]", kind: .unexpectedCharacter(found: "I", expected: "a value"),
                  line: 1, column: 2, pointer: "/0", messageFragment: "NaN and Infinity"),
        ErrorCase(input: "[1 2]", kind: .unexpectedCharacter(found: "2", expected: "',' or ']'"),
                  line: 1, column: 4, pointer: ""),
        ErrorCase(input: "[0x10]", kind: .unexpectedCharacter(found: "x", expected: "',' or ']'"),
                  line: 1, column: 3, pointer: ""),
        ErrorCase(input: "{\"a\": nul", kind: .unexpectedEndOfInput(expected: "'null'"),
                  line: 1, column: 10, pointer: "/a"),
        ErrorCase(input: "{\"a\": [1, 2", kind: .unexpectedEndOfInput(expected: "',' or ']'"),
                  line: 1, column: 12, pointer: "/a"),
        ErrorCase(input: "{\"a\": \"abc", kind: .unexpectedEndOfInput(expected: "'\"' to close the string"),
                  line: 1, column: 11, pointer: "/a"),
        ErrorCase(input: "{\"a\":\n", kind: .unexpectedEndOfInput(expected: "a value"),
                  line: 2, column: 1, pointer: "/a"),
        ErrorCase(input: "{", kind: .unexpectedEndOfInput(expected: "a string key in double quotes or '}'"),
                  line: 1, column: 2, pointer: ""),
        ErrorCase(input: "[\"ab\\", kind: .unexpectedEndOfInput(expected: "an escaped character after '\\'"),
                  line: 1, column: 6, pointer: "/0"),
        ErrorCase(input: "[\"\\u12", kind: .unexpectedEndOfInput(expected: "four hex digits after '\\u'"),
                  line: 1, column: 7, pointer: "/0"),
        ErrorCase(input: "{\"k\": \"a\\qb\"}", kind: .invalidEscape, line: 1, column: 9, pointer: "/k",
                  messageFragment: "character 'q' cannot follow '\\'"),
        ErrorCase(input: "[\"\\x41\"]", kind: .invalidEscape, line: 1, column: 3, pointer: "/0"),
        ErrorCase(input: "[\"\\U0041\"]", kind: .invalidEscape, line: 1, column: 3, pointer: "/0"),
        ErrorCase(input: "[\"\\uD800\"]", kind: .invalidUnicodeEscape, line: 1, column: 3, pointer: "/0",
                  messageFragment: "a high surrogate must be followed"),
        ErrorCase(input: "[\"ab\\uDC00\"]", kind: .invalidUnicodeEscape, line: 1, column: 5, pointer: "/0",
                  messageFragment: "a low surrogate must follow a high surrogate"),
        ErrorCase(input: "[\"\\uD800\\u0041\"]", kind: .invalidUnicodeEscape, line: 1, column: 3, pointer: "/0",
                  messageFragment: "followed by a low surrogate"),
        ErrorCase(input: "[\"\\uD800\\n\"]", kind: .invalidUnicodeEscape, line: 1, column: 3, pointer: "/0"),
        ErrorCase(input: "[\"\\uD83D\\uD83D\"]", kind: .invalidUnicodeEscape, line: 1, column: 3, pointer: "/0"),
        ErrorCase(input: "[\"\\u12G4\"]", kind: .invalidUnicodeEscape, line: 1, column: 3, pointer: "/0",
                  messageFragment: "four hex digits"),
        ErrorCase(input: "{\"a\": \"x\ty\"}", kind: .controlCharacterInString, line: 1, column: 9, pointer: "/a",
                  messageFragment: "write it as \\t"),
        ErrorCase(input: "[\"a\nb\"]", kind: .controlCharacterInString, line: 1, column: 4, pointer: "/0",
                  messageFragment: "control character U+000A"),
        ErrorCase(input: "[\"a\\n\u{1}\"]", kind: .controlCharacterInString, line: 1, column: 6, pointer: "/0",
                  messageFragment: "write it as \\u0001"),
        ErrorCase(input: "{\"a\u{1F}\": 1}", kind: .controlCharacterInString, line: 1, column: 4, pointer: ""),
        ErrorCase(input: "{} x", kind: .trailingContent, line: 1, column: 4, pointer: ""),
        ErrorCase(input: "[1]\n[2]", kind: .trailingContent, line: 2, column: 1, pointer: ""),
        ErrorCase(input: "1 2", kind: .trailingContent, line: 1, column: 3, pointer: ""),
        ErrorCase(input: "{\"a\": 1}}", kind: .trailingContent, line: 1, column: 9, pointer: ""),
        ErrorCase(input: "", kind: .emptyInput, line: 1, column: 1, pointer: ""),
        ErrorCase(input: " \n\t\r\n ", kind: .emptyInput, line: 1, column: 1, pointer: ""),
        ErrorCase(input: "[\"ok\", {\"deep\": [1, {\"x\": -}]}]", kind: .invalidNumber, line: 1, column: 27,
                  pointer: "/1/deep/1/x", messageFragment: "a digit must follow '-'"),
    ]

    @Test(arguments: cases)
    func reportsKindLocationAndPointer(_ errorCase: ErrorCase) throws {
        let error = try #require(parseFailure(errorCase.input))
        #expect(error.kind == errorCase.kind)
        #expect(error.line == errorCase.line)
        #expect(error.column == errorCase.column)
        #expect(error.pointer.description == errorCase.pointer)
        #expect(error.message.contains(errorCase.messageFragment), "\(error.message)")
    }

    @Test func offsetsAreByteOffsets() throws {
        let error = try #require(parseFailure("{\"é\": x}"))
        #expect(error.offset == 7)
        #expect(error.column == 7)
    }

    @Test(arguments: [
        ("01", "leading zeros are not allowed"), ("-01", "leading zeros are not allowed"),
        ("00", "leading zeros are not allowed"), ("+1", "must not start with '+'"),
        (".5", "before the decimal point"), ("-.5", "before the decimal point"),
        ("1.", "after the decimal point"), ("1.e5", "after the decimal point"),
        ("1e", "exponent"), ("1e+", "exponent"), ("1E-", "exponent"), ("1e+-1", "exponent"),
        ("-", "a digit must follow '-'"), ("--1", "a digit must follow '-'"),
        ("1.2.3", "only one decimal point"), ("1e5e5", ""), ("-a", "a digit must follow '-'"),
    ])
    func invalidNumbers(text: String, reason: String) throws {
        let error = try #require(parseFailure("[1, \(text)]"))
        #expect(error.kind == .invalidNumber)
        #expect(error.offset == 4)
        #expect(error.column == 5)
        #expect(error.pointer == JSONPointer("/1"))
        let lexeme = text.prefix { "0123456789+-.eE".contains($0) }
        #expect(error.message.hasPrefix("invalid number \"\(lexeme)\""), "\(error.message)")
        #expect(error.message.contains(reason), "\(error.message)")
    }

    @Test func emptyByteInput() throws {
        let error = try #require(parseFailure(bytes: []))
        #expect(error.kind == .emptyInput)
        #expect((error.offset, error.line, error.column) == (0, 1, 1))
    }

    @Test func literalsAreCaseSensitive() throws {
        #expect(parseFailure("True")?.kind == .unexpectedCharacter(found: "T", expected: "a value"))
        #expect(parseFailure("nUll")?.kind == .unexpectedCharacter(found: "U", expected: "'null'"))
        #expect(parseFailure("truex")?.kind == .trailingContent)
    }

    @Test func crlfLineCounting() throws {
        let error = try #require(parseFailure("{\r\n\"a\": 1,\r\n  \"b\": ?}"))
        #expect((error.line, error.column) == (3, 8))
        let loneCR = try #require(parseFailure("[1,\r\r ?]"))
        #expect((loneCR.line, loneCR.column) == (3, 2))
    }
}
