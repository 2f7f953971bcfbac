import Foundation
import SupportGateConfig
import SupportGateSpool
import Testing

/// `spool.forwarderUser`: the forwarder's system user, resolved to a uid when the
/// configuration loads; a name the host lacks gives no uid (and the gate a warning).
@Suite("spool.forwarderUser")
final class ForwarderUserTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg forwarder \(UUID().uuidString)").path

    init() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let directory = TestSupport.repositoryRoot.appendingPathComponent("Config/directory.json").path
        try FileManager.default.copyItem(atPath: directory, toPath: "\(folder)/directory.json")
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func load(_ spool: String) throws -> LoadedGate {
        let path = "\(folder)/supportgate.toml"
        try "directory = \"directory.json\"\n[spool]\n\(spool)".write(toFile: path, atomically: true, encoding: .utf8)
        return try GateLoader.load(configPath: path).get()
    }

    @Test("default: supportgate-forward")
    func defaultUser() {
        #expect(GateConfiguration.defaults().spool.forwarderUser == "supportgate-forward")
    }

    @Test("a user the host has is resolved to its uid when the configuration loads (root: uid 0)")
    func resolved() throws {
        let gate = try load("forwarderUser = \"root\"\n")
        #expect(gate.configuration.spool.forwarderUID == 0)
        #expect(gate.missingForwarderUser == nil)
    }

    @Test("near miss: a user the host lacks: no uid, and named as missing")
    func missing() throws {
        let gate = try load("forwarderUser = \"sg-no-such-user-4242\"\n")
        #expect(gate.configuration.spool.forwarderUID == nil)
        #expect(gate.missingForwarderUser == "sg-no-such-user-4242")
    }

    @Test("\"\": no forwarder, and nothing missing")
    func none() throws {
        let gate = try load("forwarderUser = \"\"\n")
        #expect(gate.configuration.spool.forwarderUID == nil)
        #expect(gate.missingForwarderUser == nil)
    }

    @Test("a value that is no user name is refused where it stands", arguments: ["a b", "-x", "../etc", String(repeating: "u", count: 33)])
    func refused(name: String) {
        let found = TestSupport.problems("directory = \"d.json\"\n[spool]\nforwarderUser = \"\(name)\"\n")
        #expect(found.count == 1)
        #expect(found.first?.description.hasPrefix("test.toml:3:17: spool.forwarderUser: is not a user name") == true, "\(found)")
    }
}
