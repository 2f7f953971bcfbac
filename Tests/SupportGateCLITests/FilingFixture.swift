import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateFiling
import Testing

/// A spool with results and filing records laid down as the gate and the forwarder write
/// them, in a folder other users may enter, so that the tests can run `supportgate` as
/// another partner's submitter (`setpriv`; the tests run as root, as the e2e tests do).
struct FilingFixture {
    static let contoso = "c0a70500-0000-4000-8000-000000000001"
    static let fabrikam = "fab00000-0000-4000-8000-000000000003"
    static let contosoUID: UInt32 = 1001
    static let fabrikamUID: UInt32 = 1003

    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sg-cli-filing-\(UUID().uuidString)").path
        for name in ["staging", "incoming", "processing", "accepted", "rejected", "quarantine", "archive", "filed"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(name)", withIntermediateDirectories: true)
        }
        // Entered, not listed, by others: as the spool's 0751 root and 0710 shelves.
        for folder in [root, "\(root)/accepted", "\(root)/rejected", "\(root)/filed"] { #expect(chmod(folder, 0o711) == 0) }
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    /// A partner's shelf (`accepted`, `rejected`, `filed`), which only `owner` may enter (the
    /// gate gives it an ACL of the partner's uids; an owner does the same for one uid).
    @discardableResult
    func shelf(_ folder: String, _ partner: String, owner: UInt32 = 0, mode: mode_t = 0o711) throws -> String {
        let path = "\(root)/\(folder)/\(partner)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        #expect(chown(path, owner, owner) == 0)
        #expect(chmod(path, mode) == 0)
        return path
    }

    /// Writes `bytes` at `path`, mode 0600, owned by `owner` (the one uid who may read it),
    /// modified `age` seconds ago.
    func write(_ bytes: [UInt8], at path: String, owner: UInt32 = 0, age: Double = 0) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(chown(path, owner, owner) == 0)
        #expect(chmod(path, 0o600) == 0)
        let when = Date().addingTimeInterval(-age)
        try FileManager.default.setAttributes([.modificationDate: when], ofItemAtPath: path)
    }

    /// A result as the gate writes it (the keys `result` reads).
    static func result(draftId: String, partner: String = contoso, decision: String = "accept", decisionId: String = "dec-1",
                       target: String? = "azure-support-api", uid: UInt32 = 0, sha: String = "00") throws -> [UInt8] {
        var object: [String: Any] = [
            "apiVersion": "supportgate/v1", "draftId": draftId, "decisionId": decisionId, "decision": decision,
            "decidedAt": "2026-12-07T20:00:00Z", "configRevision": "sha256:test", "partnerTenantId": partner,
            "errors": decision == "accept" ? [] : [["code": "CONTEXT_MISMATCH", "field": "/context", "message": "no", "remedy": "fix", "rule": "R5"]],
            "warnings": [], "submitterUid": uid, "draftSha256": sha,
        ]
        if let target {
            object["submission"] = ["target": target, "method": "PUT", "path": "/providers/Microsoft.Support/supportTickets/x", "body": [:] as [String: Any]]
        }
        return Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    static func record(draftId: String, partner: String = contoso, decisionId: String = "dec-1", state: FilingState = .filed,
                       ticketId: String? = "2412070010000001", status: String? = "Open", lastError: FilingError? = nil) -> FilingRecord {
        FilingRecord(draftId: draftId, decisionId: decisionId, target: .azureSupportAPI, state: state,
                     ticketName: "6b1c5f3e-1d0f-5a7e-9c1b-3f0e2d4c5b6a", ticketId: ticketId, filedAt: ticketId == nil ? nil : "2026-12-07T20:00:05Z",
                     attempts: 1, lastError: lastError, status: status, partnerTenantId: partner, customerTenantId: nil, cloud: "public",
                     decidedAt: "2026-12-07T20:00:00Z")
    }

    /// Runs `supportgate` as `uid` (its own group, no others), or as root when nil.
    static func run(_ arguments: [String], as uid: UInt32? = nil) throws -> CommandLineTests.Run {
        guard let uid else { return try CommandLineTests.run(arguments) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", CommandLineTests.executable.path] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandLineTests.Run(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                                    stderr: String(decoding: stderrData, as: UTF8.self))
    }

    static func json(_ line: some StringProtocol) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    }
}
