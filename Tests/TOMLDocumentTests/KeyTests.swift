import Testing
import TOMLDocument

@Suite("Keys")
struct KeyTests {
    @Test func bareAndQuotedKeys() {
        let table = parseValid("""
            key = "value"
            bare_key = "value"
            bare-key = "value"
            1234 = "value"
            "127.0.0.1" = "value"
            "character encoding" = "value"
            "ʎǝʞ" = "value"
            'key2' = "value"
            'quoted "value"' = "value"
            """)
        #expect(table?.keys == [
            "key", "bare_key", "bare-key", "1234", "127.0.0.1", "character encoding", "ʎǝʞ", "key2", "quoted \"value\"",
        ])
    }

    @Test func emptyQuotedKeysAreAllowed() {
        #expect(parseValid("\"\" = \"blank\"")?.value("") == .string("blank"))
        #expect(parseValid("'' = 'blank'")?.value("") == .string("blank"))
    }

    @Test func missingKeyIsAnError() {
        expectError("= \"no key name\"", at: 1, 1, containing: "expected a key")
    }

    @Test func dottedKeysCreateTables() {
        let table = parseValid("""
            name = "Orange"
            physical.color = "orange"
            physical.shape = "round"
            site."google.com" = true
            fruit . color = "yellow"
            """)
        #expect(table?.value("physical", "color") == .string("orange"))
        #expect(table?.value("physical", "shape") == .string("round"))
        #expect(table?.value("site", "google.com") == .boolean(true))
        #expect(table?.value("fruit", "color") == .string("yellow"))
    }

    @Test func numericDottedKey() {
        let table = parseValid("3.14159 = \"pi\"")
        #expect(table?.value("3", "14159") == .string("pi"))
    }

    @Test func duplicateKeysAreErrors() {
        expectError("name = \"Tom\"\nname = \"Pradyun\"", at: 2, 1, containing: "duplicate key \"name\" (first defined at line 1)")
        expectError("spelling = \"favorite\"\n\"spelling\" = \"favourite\"", at: 2, 1, containing: "duplicate key \"spelling\"")
    }

    @Test func dottedKeysMayExtendTheirTables() {
        let table = parseValid("""
            fruit.apple.smooth = true
            fruit.orange = 2
            """)
        #expect(table?.value("fruit", "apple", "smooth") == .boolean(true))
        #expect(table?.value("fruit", "orange") == .integer(2))
    }

    @Test func dottedKeyCannotTurnAValueIntoATable() {
        expectError("fruit.apple = 1\nfruit.apple.smooth = true", at: 2, 7, containing: "\"fruit.apple\" is already an integer (line 1)")
    }

    @Test func outOfOrderDottedKeysAreValid() {
        let table = parseValid("""
            apple.type = "fruit"
            orange.type = "fruit"
            apple.skin = "thin"
            orange.skin = "thick"
            """)
        #expect(table?.keys == ["apple", "orange"])
        #expect(table?.table("apple")?.keys == ["type", "skin"])
    }

    @Test func keyMustBeFollowedByEquals() {
        expectError("[server]\nspool\n", at: 2, 6, containing: "expected '=' after key \"spool\"")
        expectError("key value", at: 1, 5, containing: "expected '=' after key \"key\", found 'v'")
        expectError("key = # no value", at: 1, 7, containing: "expected a value")
        expectError("key =", at: 1, 6, containing: "expected a value, found end of file")
    }

    @Test func keyValuePairsNeedTheirOwnLine() {
        expectError("first = \"Tom\" last = \"Preston-Werner\"", at: 1, 15, containing: "expected a newline or a comment")
    }

    @Test func multilineStringsCannotBeKeys() {
        expectError("\"\"\"key\"\"\" = 1", at: 1, 1, containing: "multi-line")
        expectError("'''key''' = 1", at: 1, 1, containing: "multi-line")
    }

    @Test func duplicateDottedKeyMessageUsesFullPath() {
        expectError("[limits]\nmaxDraftBytes = 1\n\nmaxDraftBytes = 2", at: 4, 1,
                    containing: "duplicate key \"limits.maxDraftBytes\" (first defined at line 2)")
        expectError("[\"x y\"]\nz = 1\nz = 2", at: 3, 1, containing: "duplicate key \"'x y'.z\"")
    }
}
