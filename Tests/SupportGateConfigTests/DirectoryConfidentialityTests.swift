import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import SupportGateConfig
import Testing

/// Contract §7: who else may read the tenant directory, from its mode and its access ACL.
@Suite("directory confidentiality")
struct DirectoryConfidentialityTests {
    /// A gate that runs as uid 994, group 994, as the package's service user.
    static let gate = DirectoryConfidentiality.GateIdentity(uid: 994, gid: 994, groupName: "supportgate")

    /// A file of this process's with `mode`, then `acl` (setfacl -m), judged as the gate judges it.
    static func exposure(mode: mode_t, acl: String? = nil, gate: DirectoryConfidentiality.GateIdentity = gate) throws -> DirectoryExposure? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg-confidential-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("directory.json").path
        try "{}".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(chmod(path, mode) == 0)
        if let acl { try setfacl(["-m", acl, path]) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var status = stat()
        try #require(fstat(descriptor, &status) == 0)
        return DirectoryConfidentiality.exposure(descriptor: descriptor, status: status, path: path, gate: gate)
    }

    static func setfacl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setfacl")
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "setfacl \(arguments)")
    }

    @Test("others' read bit: exposed, whatever else the mode says", arguments: [0o644, 0o604, 0o404, 0o777] as [mode_t])
    func otherRead(mode: mode_t) throws {
        let exposure = try #require(try Self.exposure(mode: mode))
        #expect(exposure.othersMayRead)
        #expect(exposure.description.contains(String(format: "mode %04o lets every local user read it", mode)))
    }

    @Test("near misses: no read for others, or only write or search for them", arguments: [0o640, 0o600, 0o400, 0o642, 0o641] as [mode_t])
    func confidentialModes(mode: mode_t) throws {
        #expect(try Self.exposure(mode: mode) == nil)
    }

    @Test("a named user or group entry that grants read is exposure; the fix removes exactly those entries")
    func namedEntriesGrantingRead() throws {
        let user = try #require(try Self.exposure(mode: 0o640, acl: "u:1003:r"))
        #expect(user.aclUsers == [1003] && !user.othersMayRead)
        #expect(user.fix.hasPrefix("setfacl -x u:1003 "))
        let both = try #require(try Self.exposure(mode: 0o640, acl: "u:1003:r,g:1005:rw"))
        #expect(both.aclUsers == [1003] && both.aclGroups == [1005])
        #expect(both.fix.hasPrefix("setfacl -x u:1003,g:1005 "))
        #expect(both.description.contains("its ACL lets user:1003, group:1005 read it"))
    }

    @Test("near misses: entries without read, entries the mask takes read from, and root's and the gate's own entries")
    func namedEntriesNotGrantingRead() throws {
        #expect(try Self.exposure(mode: 0o640, acl: "u:1003:w") == nil)
        #expect(try Self.exposure(mode: 0o640, acl: "u:1003:r,g:1005:r,m::-") == nil)
        #expect(try Self.exposure(mode: 0o600, acl: "u:994:r,g:994:r,u:0:r") == nil)
    }

    @Test("the fix: o-r when the gate reads it as owner or group; else the package's root:gate-group 0640")
    func fixWording() throws {
        let ownerIsGate = DirectoryConfidentiality.GateIdentity(uid: getuid(), gid: 99_999, groupName: "g")
        #expect(try Self.exposure(mode: 0o644, gate: ownerIsGate)?.fix.hasPrefix("chmod o-r ") == true)
        let other = try #require(try Self.exposure(mode: 0o644))
        if getuid() != 994 {
            #expect(other.fix.hasPrefix("chown root:supportgate ") && other.fix.contains(" && chmod 0640 "), "\(other.fix)")
        }
    }

    @Test("a path with spaces or quotes is quoted for the shell in the fix")
    func quoting() {
        #expect(DirectoryConfidentiality.shellQuoted("/etc/supportgate/directory.json") == "/etc/supportgate/directory.json")
        #expect(DirectoryConfidentiality.shellQuoted("/tmp/a b/it's.json") == "'/tmp/a b/it'\\''s.json'")
    }

    @Test("the ACL's value: version 2 entries parse; anything else is refused, not read as no ACL")
    func parsing() {
        func entry(_ tag: UInt16, _ permissions: UInt16, _ id: UInt32) -> [UInt8] {
            [UInt8(tag & 0xFF), UInt8(tag >> 8), UInt8(permissions & 0xFF), UInt8(permissions >> 8)]
                + (0..<4).map { UInt8((id >> (8 * UInt32($0))) & 0xFF) }
        }
        let version: [UInt8] = [2, 0, 0, 0]
        let value = version + entry(0x01, 6, .max) + entry(0x02, 4, 1003) + entry(0x04, 4, .max) + entry(0x10, 4, .max) + entry(0x20, 0, .max)
        let entries = PosixACLEntry.parse(value[...])
        #expect(entries?.count == 5)
        #expect(PosixACLEntry.namedReaders(entries ?? []).users == [1003])
        #expect(PosixACLEntry.parse(([1, 0, 0, 0] + entry(0x01, 6, .max))[...]) == nil)
        #expect(PosixACLEntry.parse((version + entry(0x40, 4, 1))[...]) == nil)
        #expect(PosixACLEntry.parse((version + [1, 2, 3])[...]) == nil)
    }
}
