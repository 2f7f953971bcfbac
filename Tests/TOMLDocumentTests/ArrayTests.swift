import Testing
import TOMLDocument

@Suite("Arrays")
struct ArrayTests {
    @Test func specExamples() {
        let table = parseValid("""
            integers = [ 1, 2, 3 ]
            colors = [ "red", "yellow", "green" ]
            nested_arrays_of_ints = [ [ 1, 2 ], [3, 4, 5] ]
            nested_mixed_array = [ [ 1, 2 ], ["a", "b", "c"] ]
            string_array = [ "all", 'strings', \"\"\"are the same\"\"\", '''type''' ]
            numbers = [ 0.1, 0.2, 0.5, 1, 2, 5 ]
            contributors = [
              "Foo Bar <foo@example.com>",
              { name = "Baz Qux", email = "bazqux@example.com", url = "https://example.com/bazqux" }
            ]
            """)
        #expect(table?.value("integers")?.arrayElements == [.integer(1), .integer(2), .integer(3)])
        #expect(table?.value("colors")?.arrayElements == [.string("red"), .string("yellow"), .string("green")])
        let nested = table?.value("nested_arrays_of_ints")?.arrayElements
        #expect(nested?.count == 2)
        #expect(nested?.last?.arrayElements == [.integer(3), .integer(4), .integer(5)])
        #expect(table?.value("string_array")?.arrayElements == ["all", "strings", "are the same", "type"].map(TOMLValue.string))
        #expect(table?.value("numbers")?.arrayElements?.count == 6)
        let contributors = table?.value("contributors")?.arrayElements
        #expect(contributors?.first == .string("Foo Bar <foo@example.com>"))
        #expect(contributors?.last?.tableValue?["email"]?.node.value == .string("bazqux@example.com"))
    }

    @Test func newlinesCommentsAndTrailingCommas() {
        let table = parseValid("""
            integers2 = [
              1, 2, 3
            ]
            integers3 = [
              1,
              2, # this is ok
            ]
            empty = [ ]
            comments = [ # first
              # only a comment
            ]
            """)
        #expect(table?.value("integers2")?.arrayElements == [.integer(1), .integer(2), .integer(3)])
        #expect(table?.value("integers3")?.arrayElements == [.integer(1), .integer(2)])
        #expect(table?.value("empty")?.arrayElements == [])
        #expect(table?.value("comments")?.arrayElements == [])
    }

    @Test func invalidArrays() {
        expectError("a = [1 2]", at: 1, 8, containing: "expected ',' or ']' in array, found '2'")
        expectError("a = [1,,2]", at: 1, 8, containing: "expected a value, found ','")
        expectError("a = [,]", at: 1, 6, containing: "expected a value")
        expectError("a = [1, 2", at: 1, 10, containing: "found end of file")
        expectError("a = [1, 2\nb = 3", at: 2, 1, containing: "expected ',' or ']' in array, found 'b'")
    }

    @Test func deepNestingIsRejected() {
        let deep = "a = " + String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(parseError(deep)?.message.contains("nested more than") == true)
        let fine = "a = " + String(repeating: "[", count: 50) + String(repeating: "]", count: 50)
        #expect(parseValid(fine) != nil)
    }
}

@Suite("Inline tables")
struct InlineTableTests {
    @Test func specExamples() {
        let table = parseValid("""
            name = { first = "Tom", last = "Preston-Werner" }
            point = { x = 1, y = 2 }
            animal = { type.name = "pug" }
            empty = {}
            """)
        #expect(table?.value("name", "first") == .string("Tom"))
        #expect(table?.value("name", "last") == .string("Preston-Werner"))
        #expect(table?.value("point", "y") == .integer(2))
        #expect(table?.value("animal", "type", "name") == .string("pug"))
        #expect(table?.table("empty")?.entries.isEmpty == true)
    }

    @Test func mustBeOnOneLine() {
        expectError("a = { x = 1,\n y = 2 }", at: 1, 13, containing: "single line")
        expectError("a = {\n}", at: 1, 6, containing: "single line")
        expectError("a = { x = 1\n}", at: 1, 12, containing: "single line")
    }

    @Test func arraysInsideMaySpanLines() {
        let table = parseValid("a = { list = [\n  1,\n  2,\n] }")
        #expect(table?.value("a", "list")?.arrayElements == [.integer(1), .integer(2)])
    }

    @Test func trailingCommaIsAnError() {
        expectError("a = { x = 1, }", at: 1, 14, containing: "trailing comma")
    }

    @Test func missingSeparator() {
        expectError("a = { x = 1 y = 2 }", at: 1, 13, containing: "expected ',' or '}'")
        expectError("a = { x }", at: 1, 9, containing: "expected '=' after key \"x\"")
    }

    @Test func duplicateKeysInside() {
        expectError("a = { x = 1, x = 2 }", at: 1, 14, containing: "duplicate key \"a.x\"")
        expectError("tbl = { fruit = { apple.color = \"red\" }, fruit.apple.texture = { smooth = true } }",
                    at: 1, 42, containing: "inline table \"tbl.fruit\"")
    }

    @Test func cannotBeExtendedByDottedKeys() {
        expectError("""
            [product]
            type = { name = "Nail" }
            type.edible = false
            """, at: 3, 1, containing: "inline table \"product.type\" (line 2) cannot be extended")
    }

    @Test func cannotReplaceDottedTable() {
        expectError("""
            [product]
            type.name = "Nail"
            type = { edible = false }
            """, at: 3, 1, containing: "duplicate key \"product.type\" (first defined at line 2)")
    }

    @Test func cannotBeExtendedByHeaders() {
        expectError("a = {}\n[a.b]", at: 2, 1, containing: "inline table \"a\" (line 1) cannot be extended")
        expectError("a = { b = 1 }\n[a]", at: 2, 1, containing: "table [a] conflicts with key \"a\" defined at line 1")
        expectError("a = { b = {} }\n[a.b.c]", at: 2, 1, containing: "inline table \"a\"")
    }
}
