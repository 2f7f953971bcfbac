import Testing
import TOMLDocument

@Suite("Arrays of tables")
struct ArrayOfTablesTests {
    @Test func products() {
        let table = parseValid("""
            [[products]]
            name = "Hammer"
            sku = 738594937

            [[products]]  # empty table within the array

            [[products]]
            name = "Nail"
            sku = 284758393

            color = "gray"
            """)
        let products = table?.value("products")?.arrayElements
        #expect(products?.count == 3)
        #expect(products?[0].tableValue?["name"]?.node.value == .string("Hammer"))
        #expect(products?[1].tableValue?.entries.isEmpty == true)
        #expect(products?[2].tableValue?.keys == ["name", "sku", "color"])
    }

    @Test func nestedArraysOfTables() {
        let table = parseValid("""
            [[fruits]]
            name = "apple"

            [fruits.physical]  # subtable
            color = "red"
            shape = "round"

            [[fruits.varieties]]  # nested array of tables
            name = "red delicious"

            [[fruits.varieties]]
            name = "granny smith"

            [[fruits]]
            name = "banana"

            [[fruits.varieties]]
            name = "plantain"
            """)
        let fruits = table?.value("fruits")?.arrayElements
        #expect(fruits?.count == 2)
        let apple = fruits?[0].tableValue
        #expect(apple?.value("physical", "color") == .string("red"))
        #expect(apple?.value("varieties")?.arrayElements?.count == 2)
        let banana = fruits?[1].tableValue
        #expect(banana?.value("varieties")?.arrayElements?.first?.tableValue?["name"]?.node.value == .string("plantain"))
    }

    @Test func subtableBeforeItsArrayIsAnError() {
        expectError("""
            [fruit.physical]
            color = "red"
            shape = "round"

            [[fruit]]
            name = "apple"
            """, at: 5, 1, containing: "array of tables [[fruit]] conflicts with table \"fruit\" defined at line 1")
    }

    @Test func cannotAppendToStaticArray() {
        expectError("fruits = []\n\n[[fruits]]", at: 3, 1,
                    containing: "cannot append to static array \"fruits\" (defined at line 1) with [[fruits]]")
        expectError("a = [{ b = 1 }]\n[a.c]", at: 2, 1, containing: "\"a\" is a static array (line 1)")
    }

    @Test func tablesAndArraysOfTablesConflict() {
        let document = """
            [[fruits]]
            name = "apple"

            [[fruits.varieties]]
            name = "red delicious"

            """
        expectError(document + "[fruits.varieties]\nname = \"granny smith\"", at: 6, 1,
                    containing: "table [fruits.varieties] conflicts with array of tables [[fruits.varieties]] defined at line 4")
        expectError(document + "[fruits.physical]\ncolor = \"red\"\n\n[[fruits.physical]]\ncolor = \"green\"", at: 9, 1,
                    containing: "array of tables [[fruits.physical]] conflicts with table \"fruits.physical\" defined at line 6")
        expectError("[tbl]\n[[tbl]]", at: 2, 1, containing: "conflicts with table")
        expectError("[[tbl]]\n[tbl]", at: 2, 1, containing: "conflicts with array of tables")
        expectError("a = 1\n[[a]]", at: 2, 1, containing: "conflicts with key \"a\"")
    }

    @Test func implicitTableThenArrayIsAnError() {
        expectError("[[albums.songs]]\nname = \"Glory Days\"\n\n[[albums]]\nname = \"Born in the USA\"", at: 4, 1,
                    containing: "conflicts with table \"albums\"")
    }

    @Test func explicitSuperTableAfterArray() {
        let table = parseValid("[[a.b]]\nx = 1\n\n[a]\ny = 2")
        #expect(table?.value("a", "y") == .integer(2))
        #expect(table?.value("a", "b")?.arrayElements?.count == 1)
    }

    @Test func dottedKeysCannotAppendToArrayOfTables() {
        expectError("[[a.b]]\n\n[a]\nb.y = 2", at: 4, 1, containing: "\"a.b\" is an array of tables (defined at line 1)")
    }

    @Test func malformedHeaders() {
        expectError("[[a]", at: 1, 5, containing: "expected ']]'")
        expectError("[ [a]]", at: 1, 3, containing: "expected a key")
        expectError("[[a] ]", at: 1, 5, containing: "expected ']]'")
    }
}
