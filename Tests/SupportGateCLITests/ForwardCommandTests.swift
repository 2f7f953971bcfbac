import Foundation
import Testing

/// `supportgate forward --once` and `supportgate filed link` as an operator runs them.
@Suite("supportgate forward and filed link")
struct ForwardCommandTests {
    static let partner = "c0470500-0000-4000-8000-000000000001"

    /// A spool with one Partner Center result and one Azure result, a credentials folder, a
    /// state folder, and a configuration naming them (no tenant directory: the forwarder never reads one).
    private func setUp() throws -> (root: String, config: String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sg-fwd-cli-\(UUID().uuidString)").path
        for folder in ["spool/accepted/\(Self.partner)", "spool/filed", "state", "credentials"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(folder)", withIntermediateDirectories: true)
        }
        try #"{"clientId": "app", "clientSecret": "s"}"#.write(toFile: "\(root)/credentials/\(Self.partner).json", atomically: false, encoding: .utf8)
        chmod("\(root)/credentials/\(Self.partner).json", 0o600)
        let result = #"{"apiVersion": "supportgate/v1", "draftId": "mail", "decisionId": "d1", "decision": "accept", "decidedAt": "2026-12-07T10:00:00Z", "partnerTenantId": "\#(Self.partner)", "context": "own-tenant", "errors": [], "warnings": [], "submission": {"target": "partner-center", "method": "POST", "cloud": "public", "path": "/v1/servicerequests/en-US", "body": {"Title": "Mailbox"}}}"#
        try result.write(toFile: "\(root)/spool/accepted/\(Self.partner)/mail.json", atomically: false, encoding: .utf8)
        let config = "\(root)/supportgate.toml"
        try """
            directory = "/nonexistent/directory.json"
            [spool]
            root = "\(root)/spool"
            [forward]
            credentials = "\(root)/credentials"
            stateDirectory = "\(root)/state"
            since = "2026-01-01T00:00:00Z"
            """.write(toFile: config, atomically: false, encoding: .utf8)
        return (root, config)
    }

    @Test("--once writes the manual record and exits 0 without reading the directory; filed link leaves a request it applies")
    func onceAndLink() throws {
        let (root, config) = try setUp()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let once = try CommandLineTests.run(["forward", "--config", config, "--once", "--log", "stderr"])
        #expect(once.status == 0, "\(once.stderr)")
        let record = try String(contentsOfFile: "\(root)/spool/filed/\(Self.partner)/mail.json", encoding: .utf8)
        #expect(record.contains("\"state\": \"manual\""))
        let link = try CommandLineTests.run(["filed", "link", "mail", "616122292874576", "--config", config])
        #expect(link.status == 0, "\(link.stderr)")
        #expect(try String(contentsOfFile: "\(root)/state/links/\(Self.partner)_mail", encoding: .utf8) == "616122292874576\n")
        let apply = try CommandLineTests.run(["forward", "--config", config, "--once", "--log", "stderr"])
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(try String(contentsOfFile: "\(root)/spool/filed/\(Self.partner)/mail.json", encoding: .utf8).contains("\"ticketId\": \"616122292874576\""))
        #expect(!FileManager.default.fileExists(atPath: "\(root)/state/links/\(Self.partner)_mail"))
    }

    @Test("filed link refuses a bad id, an unknown draft, and a non-manual record (exit 2)")
    func linkRefusals() throws {
        let (root, config) = try setUp()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try CommandLineTests.run(["filed", "link", "mail", "../etc", "--config", config]).status == 2)
        #expect(try CommandLineTests.run(["filed", "link", "absent", "123", "--config", config]).status == 2)
        #expect(try CommandLineTests.run(["filed", "link", "mail", "123", "--config", config]).stderr.contains("no record"))
    }
}
