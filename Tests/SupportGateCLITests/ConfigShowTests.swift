import Foundation
import Testing

/// `supportgate config show` and `config reference` as a user runs them.
@Suite("supportgate config show and reference")
struct ConfigShowTests {
    @Test("config show prints every setting, defaults filled in; its output, read back, shows the same")
    func showRoundTrip() throws {
        let run = try CommandLineTests.run(["config", "show", "--config", CommandLineTests.config])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("[spool]\nroot = \"/var/spool/supportgate\"\nrescanIntervalSeconds = 60\nbatchSize = 256"))
        #expect(run.stdout.contains("durability = \"group-commit\"") && run.stdout.contains("[metrics]\nintervalSeconds = 15"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg-show-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let shown = folder.appendingPathComponent("shown.toml").path
        try run.stdout.write(toFile: shown, atomically: true, encoding: .utf8)
        let again = try CommandLineTests.run(["config", "show", "--config", shown])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.split(separator: "\n").dropFirst() == run.stdout.split(separator: "\n").dropFirst())
    }

    @Test("near miss: config show of a bad file exits 2 with the located problem, and prints nothing")
    func showRefusesBadFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg-show-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("bad.toml").path
        try "directory = \"d.json\"\n[spool]\ndurability = \"perfile\"\n".write(toFile: file, atomically: true, encoding: .utf8)
        let run = try CommandLineTests.run(["config", "show", "--config", file])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("\(file):3:14: spool.durability: \"perfile\" is not one of \"group-commit\", \"per-file\"; did you mean \"per-file\"?"))
    }

    @Test("config reference --markdown prints the table docs/configuration.md carries")
    func reference() throws {
        let run = try CommandLineTests.run(["config", "reference", "--markdown"])
        #expect(run.status == 0)
        let doc = try String(contentsOf: CommandLineTests.repositoryRoot.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
        #expect(run.stdout.hasPrefix("| Key | Type | Allowed | Default | Meaning |"))
        #expect(doc.contains(run.stdout))
    }
}
