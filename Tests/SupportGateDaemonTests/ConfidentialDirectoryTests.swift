import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
@testable import SupportGateDaemon
import SupportGateSystemd
import SupportGateTestKit
import Testing

/// Contract §7: the gate neither starts nor reloads on a tenant directory that others may read.
@Suite("the tenant directory is confidential")
struct ConfidentialDirectoryTests {
    static func setMode(_ mode: mode_t, _ path: String) {
        #expect(chmod(path, mode) == 0, "chmod \(path): \(String(cString: strerror(errno)))")
    }

    /// A second gate started on the harness's configuration: the error it refuses with, if any.
    static func startError(_ harness: PipelineHarness) -> DaemonStartError? {
        do {
            _ = try GateDaemon(configPath: harness.configPath, journal: MemoryJournal(), clock: harness.clock, reloadReplies: nil)
            return nil
        } catch {
            return error
        }
    }

    @Test("refused at start when others may read it (mode o+r): exit 2, one line naming the file and the fix")
    func startRefusedWorldReadable() throws {
        let harness = try PipelineHarness("confidential start")
        let directory = "\(harness.folder)/directory.json"
        Self.setMode(0o644, directory)
        let error = try #require(Self.startError(harness))
        #expect(error.exitCode == GateDaemon.exitConfiguration)
        #expect(error.message.hasPrefix("\(directory): the tenant directory must be readable by root and the gate only"))
        #expect(error.message.contains("mode 0644 lets every local user read it"))
        // Not root, the gate is this user, the owner: o-r is the whole fix. Root stands for the
        // service user, which reads it through the group once the fix has given it that.
        let fix = getuid() == 0 && getpwnam("supportgate") != nil ? "&& chmod 0640 '\(directory)'" : "fix: chmod o-r '\(directory)'"
        #expect(error.message.hasSuffix(fix), "\(error.message)")
        #expect(!error.message.contains("\n"))
    }

    @Test("near misses: 0640 and 0600 start", arguments: [0o640, 0o600] as [mode_t])
    func startAllowed(mode: mode_t) throws {
        let harness = try PipelineHarness("confidential near miss")
        Self.setMode(mode, "\(harness.folder)/directory.json")
        #expect(Self.startError(harness) == nil)
    }

    @Test("a reload onto a directory others may read is refused; the revision in force keeps deciding")
    func reloadRefused() throws {
        let harness = try PipelineHarness("confidential reload")
        let before = harness.daemon.gate.configRevision
        Self.setMode(0o604, "\(harness.folder)/directory.json")
        harness.reload()
        let refused = try #require(harness.entries(.reloadRefused).last)
        #expect(refused.values("RELOAD_ERROR").first?.contains("mode 0604 lets every local user read it") == true)
        #expect(harness.daemon.gate.configRevision == before)
        Self.setMode(0o640, "\(harness.folder)/directory.json")
        harness.reload()
        #expect(harness.entries(.reloadApplied).count == 1, "the near miss reloads")
    }
}
