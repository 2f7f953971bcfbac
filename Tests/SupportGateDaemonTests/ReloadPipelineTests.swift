import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
@testable import SupportGateDaemon
import SupportGateSystemd
import SupportGateTestKit
import Synchronization
import Testing

/// A reload loads on the loader's thread while the gate goes on deciding; these tests hold
/// the load until they let it finish.
@Suite("Reload without a pause")
struct ReloadPipelineTests {
    /// Loads that wait to be let through, one `release()` each, and count themselves.
    final class HeldLoads: Sendable {
        private let gate = DispatchSemaphore(value: 0)
        private let started = Mutex(0)

        var count: Int { started.withLock { $0 } }

        var load: ConfigurationLoader.Load {
            { [self] path in
                started.withLock { $0 += 1 }
                gate.wait()
                return GateLoader.load(configPath: path)
            }
        }

        func release() {
            gate.signal()
        }
    }

    private func revisions(_ harness: PipelineHarness) -> [String: String] {
        Dictionary(harness.journal.entries.filter { $0.messageID == .draftAccepted || $0.messageID == .draftRejected }
            .map { ($0.values("DRAFT_ID").first ?? "", $0.values("CONFIG_REVISION").first ?? "") }) { first, _ in first }
    }

    @Test("while the new configuration loads, drafts are claimed and decided with the one in force; the swap comes between batches")
    func decidesWhileLoading() throws {
        let loads = HeldLoads()
        let harness = try PipelineHarness("reload held", batchSize: 4, load: loads.load)
        let old = harness.daemon.gate.configRevision
        try PipelineHarness.writeConfiguration(at: harness.configPath, root: harness.root, spool: "batchSize = 4",
                                               replacing: ["severityCMinutes = 480": "severityCMinutes = 470"])
        #expect(!harness.daemon.handle([.reload(token: nil)]))
        let during = (0..<10).map { "during-\($0)" }
        for id in during { try harness.drop(id: id) }
        for _ in 0..<6 {
            #expect(!harness.daemon.completeReload(), "still loading")
            harness.turn()
        }
        for id in during { #expect(revisions(harness)[id] == old, "\(id): decided while the load ran") }
        #expect(harness.daemon.gate.configRevision == old)

        loads.release()
        #expect(harness.daemon.completeReload(waiting: true))
        let new = harness.daemon.gate.configRevision
        #expect(new != old)
        let after = (0..<3).map { "after-\($0)" }
        for id in after { try harness.drop(id: id) }
        harness.settle()
        for id in after { #expect(revisions(harness)[id] == new, "\(id)") }
        for id in during + after {
            let result = try String(contentsOfFile: "\(harness.root)/accepted/\(PipelineHarness.contoso)/\(id).json", encoding: .utf8)
            #expect(result.contains(revisions(harness)[id] ?? "?"), "\(id): the result names the revision that decided it")
        }
        #expect(loads.count == 1)
    }

    @Test("hostile flood: SIGHUPs during a load make one more load, not one each, and every waiter gets its answer")
    func coalescesSignals() throws {
        let loads = HeldLoads()
        let replies = try ReplyFolder()
        let harness = try PipelineHarness("reload coalesced", reloadReplies: replies.folder, load: loads.load)
        #expect(!harness.daemon.handle([.reload(token: 11)]))
        #expect(!harness.daemon.handle((12..<112).map { .reload(token: Int32($0)) } + [.reload(token: nil)]))
        loads.release()
        #expect(harness.daemon.completeReload(waiting: true))
        #expect(replies.answer(11)?["outcome"] as? String == "applied")
        #expect(replies.answer(12) == nil, "asked for during the first load: answered by the next")
        #expect(harness.daemon.reloads.loader.isLoading, "one more load, started at once")
        loads.release()
        #expect(harness.daemon.completeReload(waiting: true))
        for token in 12..<112 { #expect(replies.answer(Int32(token))?["outcome"] as? String == "applied", "\(token)") }
        #expect(loads.count == 2)
        #expect(!harness.daemon.reloads.loader.isLoading)
        #expect(harness.entries(.reloadApplied).count == 2)
    }

    @Test("a refused reload answers with its error and the revision still in force; a stop answers whoever still waits")
    func refusedAndStopped() throws {
        let loads = HeldLoads()
        let replies = try ReplyFolder()
        let harness = try PipelineHarness("reload refused", reloadReplies: replies.folder, load: loads.load)
        let old = harness.daemon.gate.configRevision
        try "[spool\n".write(toFile: harness.configPath, atomically: true, encoding: .utf8)
        #expect(!harness.daemon.handle([.reload(token: 7)]))
        loads.release()
        #expect(harness.daemon.completeReload(waiting: true))
        let answer = replies.answer(7)
        #expect(answer?["outcome"] as? String == "refused")
        #expect(answer?["configRevision"] as? String == old)
        #expect((answer?["error"] as? String)?.contains("supportgate.toml") == true)

        #expect(!harness.daemon.handle([.reload(token: 8)]))
        #expect(!harness.daemon.handle([.reload(token: 9)]))
        harness.daemon.answerPendingReloads("the gate stopped before the reload finished")
        for token: Int32 in [8, 9] { #expect(replies.answer(token)?["error"] as? String == "the gate stopped before the reload finished") }
        loads.release()
    }

    @Test("hostile: a link or FIFO planted under an answer's temporary or final name is not followed, and the answer still arrives")
    func answersFollowNoLinks() throws {
        let replies = try ReplyFolder()
        let victim = "\(replies.folder.folder)/victim"
        try "precious\n".write(toFile: victim, atomically: true, encoding: .utf8)
        #expect(symlink(victim, "\(replies.folder.folder)/.reload-5.tmp") == 0)
        #expect(symlink(victim, "\(replies.folder.folder)/reload-6") == 0)
        #expect(mkfifo("\(replies.folder.folder)/.reload-7.tmp", 0o600) == 0)
        let answer = ReloadAnswer(applied: true, configRevision: "sha256:new", previousConfigRevision: "sha256:old", error: nil)
        replies.folder.answer([5, 6, 7], answer)
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
        for token: Int32 in [5, 6, 7] {
            #expect(replies.answer(token)?["configRevision"] as? String == "sha256:new", "answer \(token): written as a file of its own, not through what was planted")
        }
    }

    @Test("near miss: with nothing planted, each answer is a plain file and no temporary is left")
    func answersLeaveNoTemporary() throws {
        let replies = try ReplyFolder()
        let answer = ReloadAnswer(applied: false, configRevision: "sha256:old", previousConfigRevision: "sha256:old", error: "bad")
        replies.folder.answer([11], answer)
        #expect(replies.answer(11)?["outcome"] as? String == "refused")
        #expect(try FileManager.default.contentsOfDirectory(atPath: replies.folder.folder) == ["reload-11"])
    }
}

/// A runtime directory of its own, removed at the end.
final class ReplyFolder {
    let folder: ReloadReplies

    init() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sg reload \(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        folder = ReloadReplies(folder: path)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder.folder)
    }

    func answer(_ token: Int32) -> [String: Any]? {
        var status = stat()
        let path = "\(folder.folder)/\(ReloadReplies.name(token: token))"
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    }
}
