import Foundation
import Testing

/// `check` remembers draft ids across the drafts of one invocation as the gate does
/// (contract §7): only an acceptance takes an id, so a rejected draft given again,
/// identical or corrected, is decided anew; after an acceptance, other bytes under the id
/// are `DRAFT_DUPLICATE`.
@Suite("supportgate check: only an acceptance takes an id")
struct CheckRetryTests {
    /// The example Office 365 customer request under `draftId`, with the customer replaced
    /// by one the directory does not know (CUSTOMER_UNKNOWN) when `unknownCustomer`.
    static func draft(_ folder: URL, _ name: String, unknownCustomer: Bool = false, title: String? = nil) throws -> String {
        let example = CommandLineTests.examples.appendingPathComponent("office365-technical-customer.draft.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: example)) as? [String: Any])
        object["draftId"] = "retry-demo"
        if unknownCustomer { object["customerTenantId"] = "600d9000-0000-4000-8000-00000000dead" }
        if let title, var request = object["serviceRequest"] as? [String: Any] {
            request["Title"] = title
            object["serviceRequest"] = request
        }
        let path = folder.appendingPathComponent("\(name).json").path
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func results(_ run: CommandLineTests.Run) throws -> [[String: Any]] {
        try run.stdout.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    static func codes(_ result: [String: Any]) -> [String] {
        (result["errors"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
    }

    @Test("rejected, rejected again, corrected: decided anew each time, then accepted; the same bytes again: the same acceptance")
    func retryAfterRejection() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg-cli-retry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let bad = try Self.draft(folder, "bad", unknownCustomer: true)
        let good = try Self.draft(folder, "good")
        let run = try CommandLineTests.run(["check", "--config", CommandLineTests.config, "--at", "2026-11-24T18:00:00Z", bad, bad, good, good])
        #expect(run.status == 1)
        let results = try Self.results(run)
        try #require(results.count == 4)
        #expect(Self.codes(results[0]) == ["CUSTOMER_UNKNOWN"])
        #expect(Self.codes(results[1]) == ["CUSTOMER_UNKNOWN"], "a rejected draft took nothing: identical, it is decided anew")
        #expect(results[2]["decision"] as? String == "accept", "corrected under the same id: decided anew, no DRAFT_DUPLICATE")
        #expect(results[3]["decision"] as? String == "accept")
        #expect(results[3]["decisionId"] as? String == results[2]["decisionId"] as? String, "the repeat gets the same decision")
    }

    @Test("near miss: after an acceptance, other bytes under the id are DRAFT_DUPLICATE")
    func duplicateAfterAcceptance() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg-cli-retry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let good = try Self.draft(folder, "good")
        let changed = try Self.draft(folder, "changed", title: "Another title")
        let run = try CommandLineTests.run(["check", "--config", CommandLineTests.config, "--at", "2026-11-24T18:00:00Z", good, changed])
        #expect(run.status == 1)
        let results = try Self.results(run)
        try #require(results.count == 2)
        #expect(results[0]["decision"] as? String == "accept")
        #expect(Self.codes(results[1]) == ["DRAFT_DUPLICATE"])
    }
}
