import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
@testable import SupportGateDaemon
@testable import SupportGateSpool
import SupportGateSystemd
import SupportGateTestKit
import Testing

/// The two-thread pipeline in process: the worker claims and decides the next batch while
/// the main thread commits the current one. Driven turn by turn with a manual clock and
/// the in-memory journal.
@Suite("Intake pipeline")
struct PipelineTests {
    final class Switch {
        var on = true
    }

    @Test("a result write that fails is a fault: nothing is lost or half-written, and the gate recovers once it clears")
    func faultThenRecovery() throws {
        let harness = try PipelineHarness("fault", batchSize: 4)
        let ids = (0..<6).map { "fault-\($0)" }
        for id in ids { try harness.drop(id: id) }
        let diskFull = Switch()
        harness.daemon.committer.injectedWriteFault = { _ in diskFull.on ? ENOSPC : 0 }

        harness.turn()  // claims and decides the first batch
        harness.turn()  // its commit fails; the worker's next batch is dropped with it
        let faults = harness.entries(.spoolFault)
        #expect(faults.count == 1)
        #expect(faults.first?.values("ERRNO") == [String(ENOSPC)])
        #expect(harness.daemon.statusLine().contains("FAULT: "))
        #expect(harness.decidedIds.isEmpty)
        #expect(harness.files(.accepted).isEmpty && harness.files(.rejected).isEmpty, "no result, not even a temporary one")
        #expect(harness.files(.processing).count + harness.files(.incoming).count == ids.count)

        #expect(!harness.turn(), "nothing is tried again before the back-off")
        harness.clock.advance(milliseconds: 600)
        harness.settle()
        #expect(harness.entries(.spoolFault).count == 2, "tried again after 0.5 s, and failed again")
        #expect(harness.decidedIds.isEmpty)

        diskFull.on = false
        harness.clock.advance(milliseconds: 1_100)
        harness.settle()
        #expect(harness.decidedIds.sorted() == ids, "each draft decided once")
        #expect(harness.files(.accepted) == ids.map { "\($0).json" })
        #expect(harness.files(.processing).isEmpty && harness.files(.incoming).isEmpty)
        #expect(harness.files(.archive).count == ids.count)
        #expect(harness.entries(.spoolRecovered).count == 1)
        #expect(harness.entries(.entrySkipped).isEmpty)
        #expect(!harness.daemon.statusLine().contains("FAULT"))
    }

    @Test("a deferred draft is never handed to the worker while its batch is in flight")
    func deferredDraftInFlight() throws {
        let harness = try PipelineHarness("deferred", batchSize: 2, wall: Date().addingTimeInterval(3_600))
        let others = (0..<40).map { "busy-\($0)" }
        for id in others { try harness.drop(id: id) }
        // Still being written: open for writing (the lease probe) and modified "in the future"
        // (the quiet-period fallback where leases are not permitted).
        let path = "\(harness.root)/incoming/slow.json"
        let writer = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        #expect(writer >= 0)
        let bytes = [UInt8](try PipelineHarness.draft(id: "slow"))
        #expect(write(writer, bytes, bytes.count) == bytes.count)
        var future = [timespec(tv_sec: time(nil) + 86_400, tv_nsec: 0), timespec(tv_sec: time(nil) + 86_400, tv_nsec: 0)]
        #expect(futimens(writer, &future) == 0)

        var turnsWithSlowInFlight = 0
        for _ in 0..<30 {
            let before = Set(harness.daemon.inFlight?.claims ?? [])
            harness.clock.advance(milliseconds: 1_100)  // the deferral is due after 1, 2, 4, 8, 16 s: 5 times in 33 s
            harness.turn()
            let after = Set(harness.daemon.inFlight?.claims ?? [])
            #expect(before.isDisjoint(with: after), "a draft in the batch being committed was prepared again")
            if after.contains(where: { ClaimName.original(of: $0) == FileName("slow.json") }) { turnsWithSlowInFlight += 1 }
        }
        #expect(turnsWithSlowInFlight >= 4, "the deferred draft was taken up again and again")

        var past = [timespec(tv_sec: 0, tv_nsec: 0), timespec(tv_sec: 0, tv_nsec: 0)]
        #expect(futimens(writer, &past) == 0)
        close(writer)
        harness.clock.advance(milliseconds: 60_000)  // its next look, however far the back-off has gone
        harness.settle()
        #expect(harness.decidedIds.sorted() == (others + ["slow"]).sorted(), "every draft decided exactly once")
        #expect(harness.entries(.entrySkipped).isEmpty, "no draft was decided twice and then seen as a repeat")
        #expect(harness.files(.processing).isEmpty)
    }

    @Test("held drafts coming due all at once do not hold up a draft just dropped: they take at most half a batch")
    func dueHeldDraftsDoNotStarveIncoming() throws {
        let harness = try PipelineHarness("held-burst", batchSize: 4, wall: Date().addingTimeInterval(3_600))
        var writers: [Int32] = []
        defer { for writer in writers { close(writer) } }
        for index in 0..<40 {
            let path = "\(harness.root)/incoming/held-\(index).json"
            let writer = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            let bytes = [UInt8](try PipelineHarness.draft(id: "held-\(index)"))
            #expect(writer >= 0 && write(writer, bytes, bytes.count) == bytes.count)
            writers.append(writer)
        }
        harness.settle()
        #expect(harness.daemon.committer.heldCount == 40)
        harness.clock.advance(milliseconds: 1_100)  // all 40 due at once
        try harness.drop(id: "fresh")
        var turns = 0
        while !harness.decidedIds.contains("fresh"), turns < 20 {
            harness.turn()
            turns += 1
        }
        // Ten turns of held drafts first would be 12 or more; half a batch each leaves room.
        #expect(turns <= 4, "the fresh draft waited \(turns) turns behind held ones")
    }

    @Test("drafts a batch ran out of time for are taken up after a draft just dropped, not ahead of it")
    func postponedDraftsDoNotHoldUpAFreshDraft() throws {
        let harness = try PipelineHarness("postponed", batchSize: 8)
        harness.daemon.pipeline.batchTimeBudget = 0  // every batch decides one draft and postpones the rest
        for index in 0..<8 { try harness.drop(id: "slow-\(index)") }
        harness.turn()
        harness.turn()
        #expect(harness.daemon.committer.hasPostponed)
        try harness.drop(id: "fresh")
        let decidedBefore = harness.decidedIds.count
        var turns = 0
        while !harness.decidedIds.contains("fresh"), turns < 20 {
            harness.turn()
            turns += 1
        }
        // One draft a batch: behind the postponed ones it would wait for all of them.
        let overtaking = harness.decidedIds.count - 1 - decidedBefore
        #expect(overtaking <= 2, "\(overtaking) postponed drafts were decided before the fresh one, in \(turns) turns")
        harness.settle()
        #expect(harness.decidedIds.sorted() == (["fresh"] + (0..<8).map { "slow-\($0)" }).sorted(), "every draft decided exactly once")
        #expect(harness.files(.processing).isEmpty)
    }

    @Test("a reload between turns commits the batch in flight with the revision it was decided with, then decides with the new one")
    func reloadMidBatch() throws {
        let harness = try PipelineHarness("reload", batchSize: 4)
        let before = (0..<4).map { "before-\($0)" }
        for id in before { try harness.drop(id: id) }
        harness.turn()
        #expect(harness.daemon.inFlight?.count == 4, "a batch is decided and waits to be committed")
        let old = harness.daemon.gate.configRevision

        try PipelineHarness.writeConfiguration(at: harness.configPath, root: harness.root, spool: "batchSize = 4",
                                                   replacing: ["severityCMinutes = 480": "severityCMinutes = 470"])
        harness.reload()
        let new = harness.daemon.gate.configRevision
        #expect(new != old)
        #expect(harness.daemon.inFlight == nil)
        let applied = harness.entries(.reloadApplied)
        #expect(applied.count == 1 && applied.first?.values("PREVIOUS_CONFIG_REVISION") == [old])

        let after = (0..<4).map { "after-\($0)" }
        for id in after { try harness.drop(id: id) }
        harness.settle()

        // A reload that is refused mid-stream changes nothing.
        try "[spool\n".write(toFile: harness.configPath, atomically: true, encoding: .utf8)
        let late = "late"
        try harness.drop(id: late)
        harness.turn()
        harness.reload()
        #expect(harness.entries(.reloadRefused).count == 1)
        harness.settle()

        let revisions = Dictionary(uniqueKeysWithValues: harness.journal.entries
            .filter { $0.messageID == .draftAccepted || $0.messageID == .draftRejected }
            .map { ($0.values("DRAFT_ID").first ?? "", $0.values("CONFIG_REVISION").first ?? "") })
        #expect(revisions.count == before.count + after.count + 1, "each draft decided once")
        for id in before { #expect(revisions[id] == old, "\(id)") }
        for id in after + [late] { #expect(revisions[id] == new, "\(id)") }
        for id in before + after + [late] {
            let result = try String(contentsOfFile: "\(harness.root)/accepted/\(PipelineHarness.contoso)/\(id).json", encoding: .utf8)
            #expect(result.contains("\"configRevision\": \"\(revisions[id] ?? "?")\""), "\(id): the file says what the journal says")
        }
    }
}
