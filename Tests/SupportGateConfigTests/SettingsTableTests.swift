import Foundation
import SupportGateConfig
import SupportGateCore
import SupportGateSpool
import Testing

/// The settings table is the one place a key is named, typed, ranged, defaulted and
/// documented: these tests hold the parser, the defaults, `config show` and the doc to it.
@Suite("Settings table")
struct SettingsTableTests {
    /// Every fixed key (not the calendars') with its default written out, by section.
    private func everyKeyAtItsDefault() -> String {
        var sections: [String: [String]] = [:]
        var order: [String] = []
        for key in SettingsTable.keys where key.defaultText != "not set" {
            if case .calendar = key.kind { continue }
            let dot = key.name.lastIndex(of: ".")
            let section = dot.map { String(key.name[..<$0]) } ?? ""
            let leaf = dot.map { String(key.name[key.name.index(after: $0)...]) } ?? key.name
            let value = key.defaultText == "required" ? "\"d.json\"" : key.defaultText
            if sections[section] == nil { order.append(section) }
            sections[section, default: []].append("\(leaf) = \(value)")
        }
        return order.map { ($0.isEmpty ? "" : "[\($0)]\n") + sections[$0]!.joined(separator: "\n") }.joined(separator: "\n")
    }

    @Test("near miss: a file that writes out every key of the table, at its default, is accepted and equals the defaults")
    func everyKeyAccepted() throws {
        let text = everyKeyAtItsDefault()
        let parsed = try TestSupport.parse(text).get()
        var defaults = GateConfiguration.defaults(directoryPath: "/etc/supportgate/d.json")
        defaults.sourcePath = "test.toml"
        #expect(SettingsDocument.render(parsed) == SettingsDocument.render(defaults), "\(text)")
        #expect(text.contains("durability = \"group-commit\"") && text.contains("[limits]\nmaxDraftBytes = 262144"))
    }

    @Test("an unknown key is refused in every section, located, with the likely key or the keys the section takes", arguments: [
        ("directory = \"d.json\"\ndirectroy = \"x\"\n", "test.toml:2:1: directroy: unknown key; did you mean \"directory\"?"),
        ("directory = \"d.json\"\n[spool]\nbatchsize = 5\n", "test.toml:3:1: spool.batchsize: unknown key; did you mean \"batchSize\"?"),
        ("directory = \"d.json\"\n[limits]\nzzz = 5\n",
         "test.toml:3:1: limits.zzz: unknown key; [limits] takes: maxDraftBytes, maxQueuedPerSubmitter, maxQueuedBytesPerSubmitter, maxDirectoryBytes"),
        ("directory = \"d.json\"\n[ledger]\nretentionDay = 5\n", "test.toml:3:1: ledger.retentionDay: unknown key; did you mean \"retentionDays\"?"),
        ("directory = \"d.json\"\n[sla]\nseverityAMinute = 5\n", "test.toml:3:1: sla.severityAMinute: unknown key; did you mean \"severityAMinutes\"?"),
        ("directory = \"d.json\"\n[calendars.x]\ntimeZone = \"UTC\"\nholiday = []\n",
         "test.toml:4:1: calendars.x.holiday: unknown key; did you mean \"holidays\"?"),
    ])
    func unknownKeyRefused(text: String, expected: String) {
        #expect(TestSupport.problems(text).map(\.description) == [expected])
    }

    @Test("defaults come from the table: a file without a key gets the table's default, the same the spool's own type starts from")
    func defaultsFromTheTable() throws {
        let parsed = try TestSupport.parse("directory = \"d.json\"\n").get()
        for key in SettingsTable.keys where key.name != "directory" {
            if case .calendar = key.kind { continue }
            #expect((key.show(parsed) ?? "not set") == key.defaultText, "\(key.name)")
        }
        #expect(parsed.spool.batchSize == 256 && parsed.spool.durability == .groupCommit && parsed.spool.resultAccess == .acl)
        #expect(parsed.spool.quietMilliseconds == 1_000 && parsed.spool.retentionDays == 90 && parsed.spool.rescanIntervalSeconds == 60)
        #expect(parsed.limits == GateConfiguration.Limits(maxDraftBytes: 262_144, maxQueuedPerSubmitter: 10_000,
                                                          maxQueuedBytesPerSubmitter: 1 << 30, maxDirectoryBytes: 1 << 30))
        #expect(parsed.ledger.retentionDays == 400 && parsed.metrics.intervalSeconds == 15 && parsed.metrics.textfile == nil)
        #expect(parsed.policy.allowPaidAzureSupport && parsed.policy.serviceLevels == ServiceLevelTargets())
        #expect(GateConfiguration.defaults().spool == SpoolSettings(), "SpoolSettings()'s defaults drifted from the table's")
    }

    @Test("a choice key is read into its enum; a word that is not a choice is refused with the likely one", arguments: [
        ("durability", "per_file", "\"per_file\" is not one of \"group-commit\", \"per-file\"; did you mean \"per-file\"?"),
        ("resultAccess", "acls", "\"acls\" is not one of \"acl\", \"group\"; did you mean \"acl\"?"),
        ("durability", "fsync", "\"fsync\" is not one of \"group-commit\", \"per-file\""),
    ])
    func choiceRefused(key: String, word: String, message: String) {
        let found = TestSupport.problems("directory = \"d.json\"\n[spool]\n\(key) = \"\(word)\"\n")
        #expect(found.map(\.description) == ["test.toml:3:\(key.count + 4): spool.\(key): \(message)"])
    }

    @Test("near miss: each word of a choice is accepted as its enum case")
    func choiceAccepted() throws {
        let parse = { (text: String) in try TestSupport.parse("directory = \"d.json\"\n[spool]\n" + text).get().spool }
        #expect(try parse("durability = \"per-file\"\n").durability == .perFile)
        #expect(try parse("durability = \"group-commit\"\n").durability == .groupCommit)
        #expect(try parse("resultAccess = \"group\"\n").resultAccess == .group)
        #expect(try parse("resultAccess = \"acl\"\n").resultAccess == .acl)
    }

    @Test("the canonical settings keep v1's form byte for byte, so an unchanged file keeps its configRevision")
    func canonicalUnchanged() {
        let defaults = GateConfiguration.defaults().canonicalDecisionSettings
        #expect(defaults.hasPrefix("""
            supportgate-config/v1
            limits.maxDraftBytes=262144
            azure.allowPaidSupport=true
            sla=60,120,240,480,480
            calendar.default=default;UTC;540-1020|540-1020|540-1020|540-1020|540-1020||;
            calendar.language.de=de;Europe/Berlin;540-1020|540-1020|540-1020|540-1020|540-1020||;

            """), "\(defaults)")
    }

    @Test("config show writes a file that reads back to the same settings and the same show")
    func showRoundTrip() throws {
        let example = TestSupport.exampleGate.configuration
        let shown = SettingsDocument.render(example)
        let again = try ConfigurationParser.parse(shown, file: example.sourcePath!, baseDirectory: "/").get()
        #expect(again.canonicalDecisionSettings == example.canonicalDecisionSettings)
        #expect(SettingsDocument.render(again) == shown)
        #expect(shown.contains("[calendars.tokyo]\ntimeZone = \"Asia/Tokyo\"\nhours = { mon = \"09:00-12:00,13:00-17:30\""))
    }

    @Test("docs/configuration.md's settings reference is the table's (regenerate: supportgate config reference --markdown)")
    func referenceIsCurrent() throws {
        let path = TestSupport.repositoryRoot.appendingPathComponent("docs/configuration.md").path
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        let current = try #require(SettingsReference.replacingGeneratedBlock(in: committed), "the GENERATED markers are missing")
        if current != committed, ProcessInfo.processInfo.environment["SUPPORTGATE_REGENERATE_DOCS"] != nil {
            try current.write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect(current == committed, "docs/configuration.md is stale: run SUPPORTGATE_REGENERATE_DOCS=1 swift test --filter referenceIsCurrent")
    }

    @Test("a JSON problem is located by the file's own position (line and column), not a TOML type")
    func jsonPosition() {
        guard case .failure(let error) = GateLoader.decodeDirectory(Array("{\n  \"partners\": [,]\n}".utf8), path: "dir.json") else {
            Issue.record("a broken directory was accepted")
            return
        }
        #expect(error.problems.first?.position == FilePosition(line: 2, column: 16))
    }
}
