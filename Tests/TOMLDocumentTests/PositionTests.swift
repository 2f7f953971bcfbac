import Testing
import TOMLDocument

@Suite("Source positions")
struct PositionTests {
    static let document = """
        title = "example"
        [server]
          host = "localhost"
          ports = [ 8000,
                    8001 ]
        [[server.workers]]
        name = "a"
          [server.workers.limits]
          cpu = 2
        [[server.workers]]
        name.first = 'b'
        "quoted key" = { inner = 1.5 }
        """

    @Test func rootAndHeaderTables() throws {
        let table = try TOMLParser.parse(Self.document)
        #expect(table.position == position(1, 1))
        let title = try #require(table["title"])
        #expect(title.keyPosition == position(1, 1))
        #expect(title.node.position == position(1, 9))
        let server = try #require(table["server"])
        #expect(server.keyPosition == position(2, 2))
        #expect(server.node.position == position(2, 1))
        #expect(server.node.value.tableValue?.position == position(2, 1))
    }

    @Test func keysAndValuesInsideTables() throws {
        let server = try #require(try TOMLParser.parse(Self.document).table("server"))
        let host = try #require(server["host"])
        #expect(host.keyPosition == position(3, 3))
        #expect(host.node.position == position(3, 10))
        let ports = try #require(server["ports"])
        #expect(ports.node.position == position(4, 11))
        guard case .array(let elements) = ports.node.value else {
            Issue.record("ports is not an array")
            return
        }
        #expect(elements.map(\.position) == [position(4, 13), position(5, 13)])
    }

    @Test func arraysOfTables() throws {
        let server = try #require(try TOMLParser.parse(Self.document).table("server"))
        let workers = try #require(server["workers"])
        #expect(workers.keyPosition == position(6, 10))
        #expect(workers.node.position == position(6, 1))
        guard case .array(let elements) = workers.node.value else {
            Issue.record("workers is not an array")
            return
        }
        #expect(elements.map(\.position) == [position(6, 1), position(10, 1)])

        let first = try #require(elements[0].value.tableValue)
        #expect(first.position == position(6, 1))
        #expect(first["name"]?.keyPosition == position(7, 1))
        #expect(first["name"]?.node.position == position(7, 8))
        let limits = try #require(first["limits"])
        #expect(limits.keyPosition == position(8, 19))
        #expect(limits.node.position == position(8, 3))
        #expect(limits.node.value.tableValue?["cpu"]?.node.position == position(9, 9))

        let second = try #require(elements[1].value.tableValue)
        let name = try #require(second["name"])
        #expect(name.keyPosition == position(11, 1))
        #expect(name.node.position == position(11, 1), "a dotted-key table starts at its key")
        #expect(name.node.value.tableValue?["first"]?.keyPosition == position(11, 6))
        #expect(name.node.value.tableValue?["first"]?.node.position == position(11, 14))
        let quoted = try #require(second["quoted key"])
        #expect(quoted.keyPosition == position(12, 1))
        #expect(quoted.node.position == position(12, 16))
        #expect(quoted.node.value.tableValue?["inner"]?.keyPosition == position(12, 18))
        #expect(quoted.node.value.tableValue?["inner"]?.node.position == position(12, 26))
    }

    @Test func implicitTableTakesPositionOfItsExplicitHeader() throws {
        let table = try TOMLParser.parse("[a.b]\nx = 1\n\n[ a ]\ny = 2")
        let a = try #require(table["a"])
        #expect(a.keyPosition == position(4, 3))
        #expect(a.node.position == position(4, 1))
        #expect(table.table("a", "b")?.position == position(1, 1))
    }

    @Test func columnsCountUnicodeScalarsAndTabs() throws {
        let table = try TOMLParser.parse("\"ʎǝʞ\"\t=\t\"é\"")
        #expect(table["ʎǝʞ"]?.node.position == position(1, 9))
    }

    @Test func crlfLineEndings() throws {
        let table = try TOMLParser.parse("a = 1\r\n[t]\r\nb = 2\r\n")
        #expect(table.table("t")?["b"]?.keyPosition == position(3, 1))
        #expect(table.table("t")?["b"]?.node.position == position(3, 5))
    }

    @Test func errorDescription() {
        let error = TOMLParseError(message: "expected '=' after key \"spool\"", position: position(3, 7))
        #expect(error.description == "line 3, column 7: expected '=' after key \"spool\"")
        #expect(position(3, 7).description == "line 3, column 7")
    }
}
