import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// `config check` refuses a tenant directory that others may read, as the daemon does
/// (contract §7); `check` decides with it and warns.
@Suite("config check: the tenant directory is confidential")
struct ConfigCheckConfidentialityTests {
    /// The example configuration and directory copied to a folder of their own, the directory
    /// with `mode` and then `acl` (setfacl -m): the configuration's path and the directory's.
    static func example(mode: mode_t, acl: String? = nil) throws -> (config: String, directory: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg-cli-confidential-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = folder.appendingPathComponent("supportgate.toml").path
        let directory = folder.appendingPathComponent("directory.json").path
        try FileManager.default.copyItem(atPath: CommandLineTests.config, toPath: config)
        try FileManager.default.copyItem(atPath: CommandLineTests.repositoryRoot.appendingPathComponent("Config/directory.json").path, toPath: directory)
        #expect(chmod(directory, mode) == 0)
        if let acl {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setfacl")
            process.arguments = ["-m", acl, directory]
            try process.run()
            process.waitUntilExit()
            try #require(process.terminationStatus == 0)
        }
        return (config, directory)
    }

    @Test("others' read bit: exit 2 and one line with the fix")
    func worldReadable() throws {
        let files = try Self.example(mode: 0o644)
        let run = try CommandLineTests.run(["config", "check", "--config", files.config])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("error: \(files.directory): the tenant directory must be readable by root and the gate only"))
        #expect(run.stderr.contains("mode 0644 lets every local user read it; fix: chmod o-r ") || run.stderr.contains("; fix: chown root:"))
    }

    @Test("a named ACL entry that grants read: exit 2, and the fix removes it")
    func aclGrantsRead() throws {
        let files = try Self.example(mode: 0o640, acl: "u:1003:r")
        let run = try CommandLineTests.run(["config", "check", "--config", files.config])
        #expect(run.status == 2)
        #expect(run.stderr.contains("its ACL lets user:1003 read it; fix: setfacl -x u:1003 \(files.directory)"), "\(run.stderr)")
    }

    @Test("near misses: 0640, 0600 and an ACL entry without read pass", arguments: [
        (0o640, nil), (0o600, nil), (0o640, "u:1003:w"), (0o640, "u:1003:r,m::-"),
    ] as [(mode_t, String?)])
    func confidential(mode: mode_t, acl: String?) throws {
        let files = try Self.example(mode: mode, acl: acl)
        let run = try CommandLineTests.run(["config", "check", "--config", files.config])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
        #expect(run.stdout.contains("6 partners, 5 customers"))
    }

    @Test("check --directory on a directory others may read still decides, with a warning")
    func checkWarns() throws {
        let files = try Self.example(mode: 0o644)
        let draft = CommandLineTests.examples.appendingPathComponent("azure-billing-own.draft.json").path
        let run = try CommandLineTests.run(["check", "--directory", files.directory, "--format", "text", draft])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("warning: \(files.directory): the tenant directory must be readable by root and the gate only"))
        #expect(run.stderr.contains("(the daemon and config check refuse it)"))
    }
}
