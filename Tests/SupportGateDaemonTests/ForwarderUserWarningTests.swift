import Foundation
import SupportGateConfig
@testable import SupportGateDaemon
import SupportGateSystemd
import SupportGateTestKit
import Testing

/// `spool.forwarderUser` naming a user the host lacks: no ACL entry (SupportGateSpool's
/// ResultShelfTests), and one journal warning per load, with its own MESSAGE_ID.
@Suite("the forwarder user missing: one warning per load")
struct ForwarderUserWarningTests {
    static let missing = "sg-no-such-user-4242"

    /// The harness's configuration again, with `line` in its [spool] table; then a reload.
    static func reload(_ harness: PipelineHarness, spool line: String) throws {
        try PipelineHarness.writeConfiguration(at: harness.configPath, root: harness.root, spool: line)
        harness.reload()
    }

    @Test("a reload naming a missing user: one warning naming it; near miss: a user the host has, or \"\", none")
    func reloadWarns() throws {
        let harness = try PipelineHarness("forwarder user")
        let before = harness.entries(.forwarderUserMissing).count
        try Self.reload(harness, spool: "forwarderUser = \"\(Self.missing)\"")
        let warnings = harness.entries(.forwarderUserMissing)
        #expect(warnings.count == before + 1)
        let warning = try #require(warnings.last)
        #expect(warning.priority == .warning)
        #expect(warning.fields.contains { $0.name == "FORWARDER_USER" && $0.value == Self.missing })
        #expect(warning.message.contains("\"\(Self.missing)\", which is not a user on this host"))
        #expect(harness.entries(.reloadApplied).count == 1, "the reload's own entry is unchanged")

        try Self.reload(harness, spool: "forwarderUser = \"root\"")
        try Self.reload(harness, spool: "forwarderUser = \"\"")
        #expect(harness.entries(.forwarderUserMissing).count == before + 1)
        #expect(harness.entries(.reloadApplied).count == 3)
    }

    @Test("in \"group\" mode there are no ACL entries to miss: no warning")
    func groupModeSilent() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sg forwarder warning \(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let directory = PipelineHarness.repositoryRoot.appendingPathComponent("Config/directory.json").path
        try FileManager.default.copyItem(atPath: directory, toPath: "\(path)/directory.json")
        for (mode, warns) in [("acl", true), ("group", false)] {
            try "directory = \"directory.json\"\n[spool]\nforwarderUser = \"\(Self.missing)\"\nresultAccess = \"\(mode)\"\n"
                .write(toFile: "\(path)/supportgate.toml", atomically: true, encoding: .utf8)
            let gate = try GateLoader.load(configPath: "\(path)/supportgate.toml").get()
            #expect((ForwarderAccessWarning.entry(for: gate) != nil) == warns, "\(mode)")
        }
    }
}
