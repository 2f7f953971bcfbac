import Testing
import TOMLDocument

@Suite("Tables")
struct TableTests {
    @Test func headersAndKeys() {
        let table = parseValid("""
            [table-1]
            key1 = "some string"
            key2 = 123

            [table-2]
            key1 = "another string"
            key2 = 456
            """)
        #expect(table?.keys == ["table-1", "table-2"])
        #expect(table?.value("table-2", "key2") == .integer(456))
    }

    @Test func quotedAndDottedHeaders() {
        let table = parseValid("""
            [dog."tater.man"]
            type.name = "pug"
            [a.b.c]
            [ d.e.f ]
            [ g .  h  . i ]
            [ j . "ʞ" . 'l' ]
            """)
        #expect(table?.value("dog", "tater.man", "type", "name") == .string("pug"))
        #expect(table?.table("a", "b", "c") != nil)
        #expect(table?.table("d", "e", "f") != nil)
        #expect(table?.table("g", "h", "i") != nil)
        #expect(table?.table("j", "ʞ", "l") != nil)
    }

    @Test func superTablesMayBeDefinedLater() {
        let table = parseValid("""
            [x.y.z.w]
            a = 1
            [x]
            b = 2
            """)
        #expect(table?.value("x", "y", "z", "w", "a") == .integer(1))
        #expect(table?.value("x", "b") == .integer(2))
        #expect(table?.table("x")?.keys == ["y", "b"])
    }

    @Test func tableDefinedTwice() {
        expectError("""
            [fruit]
            apple = "red"

            [fruit]
            orange = "orange"
            """, at: 4, 1, containing: "table [fruit] defined twice (first at line 1)")
        expectError("[a.b]\n[a]\n[a]", at: 3, 1, containing: "table [a] defined twice (first at line 2)")
    }

    @Test func tableOverValue() {
        expectError("""
            [fruit]
            apple = "red"

            [fruit.apple]
            texture = "smooth"
            """, at: 4, 1, containing: "table [fruit.apple] conflicts with key \"fruit.apple\" defined at line 2")
        expectError("[fruit]\ntype = \"apple\"\n[fruit.type.x]", at: 3, 1,
                    containing: "\"fruit.type\" is already a string (line 2)")
    }

    @Test func topLevelDottedKeysDefineTables() {
        let table = parseValid("""
            fruit.apple.color = "red"
            fruit.apple.taste.sweet = true

            [fruit.apple.texture]
            smooth = true
            """)
        #expect(table?.value("fruit", "apple", "texture", "smooth") == .boolean(true))
        #expect(table?.value("fruit", "apple", "taste", "sweet") == .boolean(true))
    }

    @Test func headersCannotRedefineDottedKeyTables() {
        let document = """
            [fruit]
            apple.color = "red"
            apple.taste.sweet = true

            """
        expectError(document + "[fruit.apple]", at: 4, 1, containing: "table [fruit.apple] was already defined by dotted keys at line 2")
        expectError(document + "[fruit.apple.taste]", at: 4, 1, containing: "dotted keys at line 3")
        let valid = parseValid(document + "[fruit.apple.texture]\nsmooth = true")
        #expect(valid?.value("fruit", "apple", "texture", "smooth") == .boolean(true))
    }

    @Test func dottedKeysCannotExtendHeaderTables() {
        expectError("""
            [a.b.c]
              z = 9
            [a]
              b.c.t = "not allowed"
            """, at: 4, 5, containing: "table [a.b.c] was defined by a header at line 1")
        expectError("""
            [a.b.c.d]
              z = 9
            [a]
              b.c.d.k.t = "not allowed"
            """, at: 4, 7, containing: "table [a.b.c.d]")
    }

    @Test func dottedKeysMayFillImplicitTablesOnce() {
        let table = parseValid("[a.b.c]\nz = 9\n[a]\nb.y = 2")
        #expect(table?.value("a", "b", "y") == .integer(2))
        #expect(table?.value("a", "b", "c", "z") == .integer(9))
        expectError("[a.b.c]\n[a]\nb.y = 2\n[a.b]", at: 4, 1, containing: "already defined by dotted keys")
    }

    @Test func emptyAndMalformedHeaders() {
        expectError("[]", at: 1, 2, containing: "expected a key, found ']'")
        expectError("[a", at: 1, 3, containing: "expected ']'")
        expectError("[a]b = 1", at: 1, 4, containing: "expected a newline or a comment")
        expectError("[a.]", at: 1, 4, containing: "expected a key")
        expectError("[a b]", at: 1, 4, containing: "expected ']'")
    }

    @Test func rootKeysBeforeFirstHeader() {
        let table = parseValid("""
            name = "Fido"
            breed = "pug"

            [owner]
            name = "Regina Dogman"
            member_since = 1999-08-04
            """)
        #expect(table?.keys == ["name", "breed", "owner"])
        #expect(table?.value("owner", "member_since") == .localDate("1999-08-04"))
    }
}
