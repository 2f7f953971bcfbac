import Testing
import TOMLDocument

@Suite("Daemon configuration")
struct DaemonConfigTests {
    static let config = """
        # supportgate configuration
        directory = "/etc/supportgate/directory.json"
        [spool]
        root = "/var/spool/supportgate"
        [limits]
        maxDraftBytes = 262_144
        [azure]
        allowPaidSupport = true
        [calendars.default]
        timeZone = "America/Los_Angeles"
        hours = { mon = "09:00-17:00", tue = "09:00-17:00" }
        holidays = [ "2026-12-25", "2027-01-01" ]
        [[calendars.default.extraClosures]]
        date = 2026-12-24
        """

    @Test func values() throws {
        let table = try TOMLParser.parse(Self.config)
        #expect(table.keys == ["directory", "spool", "limits", "azure", "calendars"])
        #expect(table.value("directory") == .string("/etc/supportgate/directory.json"))
        #expect(table.value("spool", "root") == .string("/var/spool/supportgate"))
        #expect(table.value("limits", "maxDraftBytes") == .integer(262_144))
        #expect(table.value("azure", "allowPaidSupport") == .boolean(true))
        let calendar = try #require(table.table("calendars", "default"))
        #expect(calendar.keys == ["timeZone", "hours", "holidays", "extraClosures"])
        #expect(calendar.value("hours", "tue") == .string("09:00-17:00"))
        #expect(calendar.value("holidays")?.arrayElements == [.string("2026-12-25"), .string("2027-01-01")])
        let closures = try #require(calendar.value("extraClosures")?.arrayElements)
        #expect(closures.first?.tableValue?["date"]?.node.value == .localDate("2026-12-24"))
    }

    @Test func positionsForErrorReporting() throws {
        let table = try TOMLParser.parse(Self.config)
        #expect(table["directory"]?.node.position == position(2, 13))
        #expect(table["azure"]?.node.position == position(7, 1))
        #expect(table.table("limits")?["maxDraftBytes"]?.keyPosition == position(6, 1))
        #expect(table.table("limits")?["maxDraftBytes"]?.node.position == position(6, 17))
        let calendar = try #require(table.table("calendars", "default"))
        #expect(calendar.position == position(9, 1))
        #expect(table["calendars"]?.node.position == position(9, 1))
        #expect(calendar["hours"]?.node.position == position(11, 9))
        #expect(calendar.value("hours")?.tableValue?["tue"]?.keyPosition == position(11, 32))
        #expect(calendar["extraClosures"]?.node.position == position(13, 1))
        #expect(calendar["extraClosures"]?.keyPosition == position(13, 21))
        let closure = try #require(calendar.value("extraClosures")?.arrayElements?.first?.tableValue)
        #expect(closure["date"]?.node.position == position(14, 8))
    }

    @Test func typicalMistakes() {
        expectError(Self.config + "\n[azure]\nregion = \"westus\"", at: 15, 1, containing: "table [azure] defined twice (first at line 7)")
        expectError(Self.config.replacingFirst("root = ", with: "root "), at: 4, 6, containing: "expected '=' after key \"root\"")
        expectError(Self.config + "\n[limits.maxDraftBytes]", at: 15, 1,
                    containing: "table [limits.maxDraftBytes] conflicts with key \"limits.maxDraftBytes\" defined at line 6")
        expectError(Self.config.replacingFirst("allowPaidSupport = true", with: "allowPaidSupport = yes"), at: 8, 20,
                    containing: "strings must be quoted")
        expectError(Self.config.replacingFirst("tue = ", with: "mon = "), at: 11, 32,
                    containing: "duplicate key \"calendars.default.hours.mon\" (first defined at line 11)")
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        replacing(target, with: replacement, maxReplacements: 1)
    }
}
