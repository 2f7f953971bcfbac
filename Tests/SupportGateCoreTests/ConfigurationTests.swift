import Foundation
import StrictJSON
import SupportGateConfig
import SupportGateCore
import TOMLDocument
import Testing

@Suite("Configuration file")
struct ConfigurationTests {
    private func problems(_ text: String) -> [ConfigurationProblem] {
        switch ConfigurationParser.parse(text, file: "test.toml", baseDirectory: "/etc/supportgate") {
        case .success: return []
        case .failure(let error): return error.problems
        }
    }

    @Test("the example configuration loads, with its calendars")
    func example() {
        let gate = TestSupport.exampleGate
        #expect(gate.configuration.directoryPath.hasSuffix("Config/directory.json"))
        #expect(gate.configuration.policy.calendars.defaultCalendar.name == "redmond")
        #expect(gate.directory.partners.count == 6)
        #expect(gate.configRevision.hasPrefix("sha256:"))
    }

    @Test("a misspelt key names file, line, column and the likely key")
    func didYouMean() {
        let found = problems("directory = \"d.json\"\n[azure]\nallowPaidSuport = false\n")
        #expect(found.map(\.description) == ["test.toml:3:1: azure.allowPaidSuport: unknown key; did you mean \"allowPaidSupport\"?"])
    }

    @Test("spool.retentionDays: the default, a value, 0 for forever, and out of range located")
    func retentionDays() throws {
        let parse = { (text: String) in ConfigurationParser.parse(text, file: "test.toml", baseDirectory: "/etc/supportgate") }
        #expect(try parse("directory = \"d.json\"\n").get().spool.retentionDays == 90)
        #expect(try parse("directory = \"d.json\"\n[spool]\nretentionDays = 30\n").get().spool.retentionDays == 30)
        #expect(try parse("directory = \"d.json\"\n[spool]\nretentionDays = 0\n").get().spool.retentionDays == 0)
        let found = problems("directory = \"d.json\"\n[spool]\nretentionDays = -1\n")
        #expect(found.count == 1 && found.first?.key == "spool.retentionDays" && found.first?.position?.line == 3)
    }

    @Test("[ledger]: the SQLite file by default, a relative path from the file's folder, or a PostgreSQL URL; mistakes located")
    func ledger() throws {
        let parse = { (text: String) in ConfigurationParser.parse(text, file: "test.toml", baseDirectory: "/etc/supportgate") }
        let defaults = try parse("directory = \"d.json\"\n").get().ledger
        #expect(defaults.path == "/var/lib/supportgate/ledger.sqlite" && defaults.url == nil)
        #expect(try parse("directory = \"d.json\"\n[ledger]\npath = \"state/l.sqlite\"\n").get().ledger.path == "/etc/supportgate/state/l.sqlite")
        let shared = try parse("directory = \"d.json\"\n[ledger]\nurl = \"postgresql:///supportgate?host=/run/postgresql\"\n").get().ledger
        #expect(shared.url == "postgresql:///supportgate?host=/run/postgresql" && shared.location == shared.url)
        let notPostgres = problems("directory = \"d.json\"\n[ledger]\nurl = \"mysql://db/supportgate\"\n")
        #expect(notPostgres.count == 1 && notPostgres.first?.key == "ledger.url" && notPostgres.first?.position?.line == 3)
        let both = problems("directory = \"d.json\"\n[ledger]\npath = \"l.sqlite\"\nurl = \"postgresql:///supportgate\"\n")
        #expect(both.count == 1 && both.first?.description.contains("both given") == true)
        #expect(problems("directory = \"d.json\"\n[ledger]\npath = \"\"\n").first?.key == "ledger.path")
    }

    @Test("a TOML syntax error is located")
    func syntax() {
        let found = problems("directory = \"d.json\"\n[limits]\nmaxDraftBytes = = 5\n")
        #expect(found.count == 1)
        #expect(found.first?.position?.line == 3)
    }

    @Test("wrong types, ranges, unknown calendars and zones are all reported together")
    func several() {
        let text = """
            directory = "d.json"
            [limits]
            maxDraftBytes = "big"
            [sla]
            severityAMinutes = 0
            defaultCalendar = "redmnd"
            [sla.languageCalendars]
            ja = "tokio"
            [calendars.redmond]
            timeZone = "America/Los_Angles"
            hours = { mon = "09:00-17:00", tue = "17:00-09:00" }
            holidays = ["2026-02-30"]
            """
        let found = problems(text)
        let keys = found.compactMap(\.key)
        #expect(keys.contains("limits.maxDraftBytes"))
        #expect(keys.contains("sla.severityAMinutes"))
        #expect(keys.contains("sla.defaultCalendar"))
        #expect(keys.contains("sla.languageCalendars.ja"))
        #expect(keys.contains("calendars.redmond.hours.tue"))
        #expect(keys.contains("calendars.redmond.holidays[0]"))
        #expect(found.contains { $0.message.contains("America/Los_Angeles") }, "zone suggestion: \(found.map(\.message))")
        #expect(found.allSatisfy { $0.position != nil })
    }

    @Test("the directory key is required; relative paths are taken from the file's folder")
    func directoryPath() throws {
        #expect(problems("[azure]\nallowPaidSupport = true\n").map(\.key) == ["directory"])
        let parsed = try ConfigurationParser.parse("directory = \"dir.json\"\n", file: "x.toml", baseDirectory: "/etc/sg").get()
        #expect(parsed.directoryPath == "/etc/sg/dir.json")
        let overridden = try ConfigurationParser.parse("[azure]\nallowPaidSupport = false\n", file: "x.toml", baseDirectory: "/etc/sg",
                                                       directoryOverride: "/tmp/d.json").get()
        #expect(overridden.directoryPath == "/tmp/d.json")
    }

    @Test("configRevision follows what decides, not comments or layout")
    func revision() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg-rev-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestSupport.repositoryRoot.appendingPathComponent("Config/directory.json"),
                                         to: folder.appendingPathComponent("directory.json"))
        func revision(_ text: String) throws -> String {
            let path = folder.appendingPathComponent("c.toml").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return try GateLoader.load(configPath: path).get().configRevision
        }
        let plain = try revision("directory = \"directory.json\"\n[azure]\nallowPaidSupport = true\n")
        let commented = try revision("# a comment\ndirectory = \"directory.json\"\n\n[azure]\nallowPaidSupport = true # default\n")
        let changed = try revision("directory = \"directory.json\"\n[azure]\nallowPaidSupport = false\n")
        #expect(plain == commented)
        #expect(plain != changed)
    }
}
