import Testing
import TOMLDocument

@Suite("Strings")
struct StringTests {
    @Test func basicStringEscapes() {
        let table = parseValid(#"str = "I'm a string. \"You can quote me\". Name\tJos\u00E9\nLocation\tSF.""#)
        #expect(table?.value("str") == .string("I'm a string. \"You can quote me\". Name\tJos\u{E9}\nLocation\tSF."))
        let all = parseValid(#"s = "\b\t\n\f\r\"\\\u0041\U0001F600""#)
        #expect(all?.value("s") == .string("\u{08}\t\n\u{0C}\r\"\\A\u{1F600}"))
    }

    @Test func invalidEscapesAreErrors() {
        expectError(#"s = "bad \x escape""#, at: 1, 10, containing: "invalid escape sequence \\x")
        expectError(#"s = "\e""#, at: 1, 6, containing: "invalid escape")
        expectError(#"s = "\uD800""#, at: 1, 6, containing: "not a valid Unicode scalar value")
        expectError(#"s = "\U00110000""#, at: 1, 6, containing: "not a valid Unicode scalar value")
        expectError(#"s = "\u12""#, at: 1, 6, containing: "4 hexadecimal digits")
    }

    @Test func unterminatedStrings() {
        expectError("s = \"abc\nt = 1", at: 1, 9, containing: "unterminated string")
        expectError("s = \"abc", at: 1, 5, containing: "unterminated string")
        expectError("s = 'abc", at: 1, 5, containing: "unterminated literal string")
        expectError("s = \"\"\"abc", at: 1, 5, containing: "unterminated multi-line string")
    }

    @Test func controlCharactersMustBeEscaped() {
        expectError("s = \"a\u{01}b\"", at: 1, 7, containing: "U+0001")
        expectError("s = 'a\u{7F}b'", at: 1, 7, containing: "U+007F")
        expectError("s = \"\"\"a\u{00}\"\"\"", at: 1, 9, containing: "U+0000")
        #expect(parseValid("s = \"a\tb\"")?.value("s") == .string("a\tb"))
    }

    @Test func multilineBasicStrings() {
        let table = parseValid("str1 = \"\"\"\nRoses are red\nViolets are blue\"\"\"")
        #expect(table?.value("str1") == .string("Roses are red\nViolets are blue"))
        let crlf = parseValid("str = \"\"\"\r\none\r\ntwo\"\"\"")
        #expect(crlf?.value("str") == .string("one\ntwo"))
    }

    @Test func lineEndingBackslash() {
        let text = """
            str1 = "The quick brown fox jumps over the lazy dog."
            str2 = \"\"\"
            The quick brown \\


              fox jumps over \\
                the lazy dog.\"\"\"
            str3 = \"\"\"\\
                   The quick brown \\
                   fox jumps over \\
                   the lazy dog.\\
                   \"\"\"
            """
        let table = parseValid(text)
        #expect(table?.value("str2") == table?.value("str1"))
        #expect(table?.value("str3") == table?.value("str1"))
        let trailingSpaces = parseValid("s = \"\"\"a \\  \t\n  b\"\"\"")
        #expect(trailingSpaces?.value("s") == .string("a b"))
        expectError("s = \"\"\"a \\ b\"\"\"", at: 1, 10, containing: "invalid escape")
    }

    @Test func quotesInsideMultilineBasicStrings() {
        let table = parseValid(#"""
            str4 = """Here are two quotation marks: "". Simple enough."""
            str5 = """Here are three quotation marks: ""\"."""
            str6 = """Here are fifteen quotation marks: ""\"""\"""\"""\"""\"."""
            str7 = """"This," she said, "is just a pointless statement.""""
            """#)
        #expect(table?.value("str4") == .string(#"Here are two quotation marks: "". Simple enough."#))
        #expect(table?.value("str5") == .string(#"Here are three quotation marks: """."#))
        #expect(table?.value("str6") == .string("Here are fifteen quotation marks: " + String(repeating: "\"", count: 15) + "."))
        #expect(table?.value("str7") == .string(#""This," she said, "is just a pointless statement.""#))
        #expect(parseValid(#"a = """"""""#)?.value("a") == .string("\""))
        expectError(#"str5 = """Here are three quotation marks: """.""""#, at: 1, 46, containing: "expected a newline")
    }

    @Test func literalStrings() {
        let table = parseValid(#"""
            winpath  = 'C:\Users\nodejs\templates'
            winpath2 = '\\ServerX\admin$\system32\'
            quoted   = 'Tom "Dubs" Preston-Werner'
            regex    = '<\i\c*\s*>'
            """#)
        #expect(table?.value("winpath") == .string(#"C:\Users\nodejs\templates"#))
        #expect(table?.value("winpath2") == .string(#"\\ServerX\admin$\system32\"#))
        #expect(table?.value("quoted") == .string(#"Tom "Dubs" Preston-Werner"#))
        #expect(table?.value("regex") == .string(#"<\i\c*\s*>"#))
    }

    @Test func multilineLiteralStrings() {
        let table = parseValid("""
            regex2 = '''I [dw]on't need \\d{2} apples'''
            lines  = '''
            The first newline is
            trimmed in raw strings.
               All other whitespace
               is preserved.
            '''
            quot15 = '''Here are fifteen quotation marks: \"\"\"\"\"\"\"\"\"\"\"\"\"\"\"'''
            apos15 = "Here are fifteen apostrophes: '''''''''''''''"
            str = ''''That,' she said, 'is still pointless.''''
            """)
        #expect(table?.value("regex2") == .string(#"I [dw]on't need \d{2} apples"#))
        #expect(table?.value("lines") == .string("The first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n"))
        #expect(table?.value("quot15") == .string("Here are fifteen quotation marks: " + String(repeating: "\"", count: 15)))
        #expect(table?.value("apos15") == .string("Here are fifteen apostrophes: " + String(repeating: "'", count: 15)))
        #expect(table?.value("str") == .string("'That,' she said, 'is still pointless.'"))
        expectError("apos15 = '''Here are fifteen apostrophes: ''''''''''''''''''", at: 1, 43, containing: "too many quotes")
    }
}
