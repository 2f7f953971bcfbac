import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import SupportGateDaemon
import SupportGateLedger
@testable import SupportGateSpool
import SupportGateSystemd
import SupportGateTestKit
import Testing

/// The incident ledger in the pipeline: acceptances that use an incident count down the
/// entitlement's allowance, in the ledger's transaction, before their results are written.
@Suite("Incident ledger in the pipeline")
struct LedgerPipelineTests {
    static let premier = "azure-technical-own-premier"
    /// Contoso's premier entitlement with three incidents instead of twenty.
    static let threeIncidents = ["\"incidents\": 20": "\"incidents\": 3"]

    private func inUse(_ harness: PipelineHarness) throws -> Int {
        try SQLiteLedger(path: harness.ledgerPath).inUse(partner: PipelineHarness.contoso, entitlement: "contoso-premier-2026")
    }

    private func codes(_ result: [String: Any]?) -> [String] {
        ((result?["errors"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String }
    }

    @Test("a flood against three incidents: exactly three accepted, the rest ENTITLEMENT_EXHAUSTED, each result says what is left")
    func countsDown() throws {
        let harness = try PipelineHarness("ledger-flood", batchSize: 8, directoryChanges: Self.threeIncidents)
        let ids = (0..<30).map { String(format: "premier-%02d", $0) }
        for id in ids { try harness.drop(id: id, example: Self.premier) }
        harness.settle()
        let results = ids.map { harness.result($0) }
        #expect(results.allSatisfy { $0 != nil }, "every draft has a result")
        let accepted = results.filter { $0?["decision"] as? String == "accept" }
        #expect(accepted.count == 3)
        let left = accepted.compactMap { ($0?["billing"] as? [String: Any])?["incidentsLeft"] as? Int }.sorted()
        #expect(left == [0, 1, 2])
        let rejected = results.filter { $0?["decision"] as? String == "reject" }
        #expect(rejected.count == 27)
        #expect(rejected.allSatisfy { codes($0) == ["ENTITLEMENT_EXHAUSTED"] })
        #expect(try inUse(harness) == 3)
        let journaled = harness.entries(.draftAccepted).compactMap { $0.values("INCIDENTS_LEFT").first }.sorted()
        #expect(journaled == ["0", "1", "2"])
    }

    @Test("near miss: requests that use no incident (billing, CSP-covered) are accepted past a used-up allowance and record nothing")
    func freeRequestsDoNotCount() throws {
        let harness = try PipelineHarness("ledger-free", directoryChanges: ["\"incidents\": 20": "\"incidents\": 1"])
        try harness.drop(id: "uses-the-one", example: Self.premier)
        for index in 0..<5 { try harness.drop(id: "billing-\(index)") }
        harness.settle()
        #expect(harness.result("uses-the-one")?["decision"] as? String == "accept")
        for index in 0..<5 {
            let result = harness.result("billing-\(index)")
            #expect(result?["decision"] as? String == "accept")
            #expect((result?["billing"] as? [String: Any])?["incidentsLeft"] == nil)
        }
        #expect(try inUse(harness) == 1)
    }

    @Test("a result write that fails rolls the ledger back: nothing is counted for results that do not exist")
    func writeFaultRollsBack() throws {
        let harness = try PipelineHarness("ledger-rollback", batchSize: 4, directoryChanges: Self.threeIncidents)
        try harness.drop(id: "rolled-back", example: Self.premier)
        let diskFull = PipelineTests.Switch()
        harness.daemon.committer.injectedWriteFault = { _ in diskFull.on ? ENOSPC : 0 }
        harness.turn()
        harness.turn()
        #expect(harness.entries(.spoolFault).count == 1)
        #expect(try inUse(harness) == 0)
        diskFull.on = false
        harness.clock.advance(milliseconds: 1_100)
        harness.settle()
        #expect((harness.result("rolled-back")?["billing"] as? [String: Any])?["incidentsLeft"] as? Int == 2)
        #expect(try inUse(harness) == 1)
    }

    @Test("a commit that fails after the ledger's commit: the drafts come back as repeats of their acceptances, each consumed once, and results and ledger agree")
    func faultAfterLedgerCommit() throws {
        let harness = try PipelineHarness("ledger-fault", batchSize: 4, directoryChanges: Self.threeIncidents)
        let ids = ["again-0", "again-1"]
        for id in ids { try harness.drop(id: id, example: Self.premier) }
        let renameFails = PipelineTests.Switch()
        harness.daemon.committer.injectedRenameFault = { _ in renameFails.on ? EIO : 0 }
        harness.turn()
        harness.turn()
        #expect(harness.entries(.spoolFault).count == 1)
        #expect(try inUse(harness) == 2, "the ledger committed before the results' renames failed")
        #expect(harness.files(.accepted).isEmpty)

        renameFails.on = false
        harness.clock.advance(milliseconds: 1_100)
        harness.settle()
        #expect(ids.allSatisfy { harness.result($0)?["decision"] as? String == "accept" })
        #expect(try inUse(harness) == 2, "decided again, counted once")
        let ledger = try SQLiteLedger(path: harness.ledgerPath)
        let recorded = Set(try ledger.recent(partner: PipelineHarness.contoso).map(\.decisionId))
        let written = Set(ids.compactMap { harness.result($0)?["decisionId"] as? String })
        #expect(recorded == written, "each consumption points at the result that stands")
        let left = ids.compactMap { (harness.result($0)?["billing"] as? [String: Any])?["incidentsLeft"] as? Int }.sorted()
        #expect(left == [1, 2], "the committed acceptances, written as they were decided: no second consumption")
    }

    /// A draft accepted and recorded in the ledger whose result's rename fails (as a crash
    /// after the ledger's commit would leave it); then the operator changes the directory
    /// (`old` → `new`) and reloads, and the draft is decided again.
    private func orphan(_ purpose: String, directoryChange old: String, to new: String) throws -> PipelineHarness {
        let harness = try PipelineHarness(purpose, batchSize: 4, directoryChanges: Self.threeIncidents)
        try harness.drop(id: "orphan", example: Self.premier)
        let renameFails = PipelineTests.Switch()
        harness.daemon.committer.injectedRenameFault = { _ in renameFails.on ? EIO : 0 }
        harness.turn()
        harness.turn()
        #expect(try inUse(harness) == 1)
        let directory = "\(harness.folder)/directory.json"
        let text = try String(contentsOfFile: directory, encoding: .utf8)
        #expect(text.contains(old))
        try PipelineHarness.writeDirectory(text.replacingOccurrences(of: old, with: new), to: directory)
        harness.reload()
        renameFails.on = false
        harness.clock.advance(milliseconds: 1_100)
        harness.settle()
        return harness
    }

    @Test("an acceptance committed whose result never came is written when its draft is decided again, even after the directory changed: the ledger's decision stands")
    func committedAcceptanceStands() throws {
        let harness = try orphan("ledger-orphan", directoryChange: "\"incidents\": 3", to: "\"incidents\": 0")
        #expect(harness.result("orphan")?["decision"] as? String == "accept")
        #expect(codes(harness.result("orphan")).isEmpty)
        #expect(try inUse(harness) == 1, "counted once, when it was committed")
    }

    @Test("hostile: a submitter no longer allowed to file is told only SUBMITTER_NOT_AUTHORIZED, even for a draft whose acceptance the ledger holds; the incident stays counted until released")
    func committedAcceptanceOfSubmitterSinceRemoved() throws {
        let harness = try orphan("ledger-orphan-unauthorized", directoryChange: "\"uids\": [1001, \(getuid())]", to: "\"uids\": [1001]")
        #expect(harness.files(.rejected).contains { $0.hasPrefix("orphan.unauthorized-") })
        #expect(harness.result("orphan") == nil)
        #expect(try inUse(harness) == 1)
    }

    @Test("hostile: a draft id that used an incident cannot be reused for other bytes once its result is pruned")
    func reusedIdAfterPrune() throws {
        let harness = try PipelineHarness("ledger-reuse", directoryChanges: Self.threeIncidents)
        try harness.drop(id: "reused", example: Self.premier)
        harness.settle()
        #expect(harness.result("reused")?["decision"] as? String == "accept")
        let firstDecision = harness.result("reused")?["decisionId"] as? String
        try FileManager.default.removeItem(atPath: "\(harness.root)/accepted/\(PipelineHarness.contoso)/reused.json")
        var changed = try String(decoding: PipelineHarness.draft(id: "reused", example: Self.premier), as: UTF8.self)
        changed = changed.replacingOccurrences(of: "\"title\": \"", with: "\"title\": \"changed: ")
        try changed.write(toFile: "\(harness.root)/incoming/reused-changed.json", atomically: true, encoding: .utf8)
        harness.settle()
        let duplicates = harness.files(.rejected).filter { $0.hasPrefix("reused.dup-") }
        #expect(duplicates.count == 1, "DRAFT_DUPLICATE beside where the first result was")
        #expect(try inUse(harness) == 1)

        // Near miss: the same bytes again are the same draft: its acceptance written again, nothing counted twice.
        try PipelineHarness.draft(id: "reused", example: Self.premier).write(to: URL(fileURLWithPath: "\(harness.root)/incoming/reused-again.json"))
        harness.settle()
        #expect(harness.result("reused")?["decision"] as? String == "accept")
        #expect(harness.result("reused")?["decisionId"] as? String == firstDecision)
        #expect(try inUse(harness) == 1)
    }

    @Test("hostile: a submitter of no partner names Contoso's premier entitlement, or files for Northwind with it: nothing is consumed")
    func strangersConsumeNothing() throws {
        // This process's uid acts for Contoso only.
        let harness = try PipelineHarness("ledger-stranger", directoryChanges: Self.threeIncidents)
        var northwind = try String(decoding: PipelineHarness.draft(id: "northwind-takes", example: Self.premier), as: UTF8.self)
        northwind = northwind.replacingOccurrences(of: "c0a70500-0000-4000-8000-000000000001", with: "b0b00000-0000-4000-8000-000000000002")
        try northwind.write(toFile: "\(harness.root)/incoming/northwind-takes.json", atomically: true, encoding: .utf8)
        harness.settle()
        let rejections = harness.files(.rejected)
        #expect(rejections.count == 1 && rejections.allSatisfy { $0.hasPrefix("northwind-takes.unauthorized-") })
        #expect(try inUse(harness) == 0)
        #expect(try SQLiteLedger(path: harness.ledgerPath).inUse(partner: "b0b00000-0000-4000-8000-000000000002").isEmpty)
        // Near miss: Contoso's own draft uses its incident.
        try harness.drop(id: "contoso-uses", example: Self.premier)
        harness.settle()
        #expect(try inUse(harness) == 1)
    }

    @Test("a reload that moves the ledger is refused; the gate goes on counting in the one it has")
    func reloadCannotMoveTheLedger() throws {
        let harness = try PipelineHarness("ledger-reload", directoryChanges: Self.threeIncidents)
        let config = try String(contentsOfFile: harness.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "ledger.sqlite", with: "elsewhere.sqlite").write(toFile: harness.configPath, atomically: true, encoding: .utf8)
        harness.reload()
        #expect(harness.entries(.reloadRefused).count == 1)
        #expect(harness.entries(.reloadRefused).first?.values("RELOAD_ERROR").first?.contains("the ledger changed from") == true)
        try harness.drop(id: "still-counted", example: Self.premier)
        harness.settle()
        #expect(try inUse(harness) == 1)
        #expect(!FileManager.default.fileExists(atPath: "\(harness.folder)/elsewhere.sqlite"))
    }

    @Test("near miss: a reload that changes only ledger.retentionDays is applied (the retention is ledger prune's)")
    func reloadChangesRetention() throws {
        let harness = try PipelineHarness("ledger-retention-reload")
        let config = try String(contentsOfFile: harness.configPath, encoding: .utf8)
        let path = "path = \"\(harness.folder)/ledger.sqlite\""
        #expect(config.contains(path))
        try config.replacingOccurrences(of: path, with: "\(path)\nretentionDays = 500").write(toFile: harness.configPath, atomically: true, encoding: .utf8)
        harness.reload()
        #expect(harness.entries(.reloadRefused).isEmpty)
        #expect(harness.entries(.reloadApplied).count == 1)
    }

    @Test("a result pruned while the gate was idle: the same draft dropped again gets its acceptance written again, the same decision")
    func prunedWhileIdle() throws {
        let harness = try PipelineHarness("pruned-idle")
        try harness.drop(id: "keep-a")
        harness.settle()
        let path = "\(harness.root)/accepted/\(PipelineHarness.contoso)/keep-a.json"
        let first = harness.result("keep-a")?["decisionId"] as? String
        #expect(first != nil)
        try FileManager.default.removeItem(atPath: path)
        try PipelineHarness.draft(id: "keep-a").write(to: URL(fileURLWithPath: "\(harness.root)/incoming/keep-a-again.json"))
        harness.settle()
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(harness.result("keep-a")?["decisionId"] as? String == first)
        #expect(harness.decidedIds == ["keep-a"], "the second drop adopted the first acceptance")
    }
}
