import Foundation
import SupportGateSpool
import SupportGateTestKit
import Testing

/// Drafts claimed while still open for writing (held) wait in processing/: they count
/// towards their owner's caps, beyond which they are refused with a result, and the gate
/// looks at each again less and less often (1 s doubling to 60 s).
@Suite("Held drafts")
struct HeldDraftTests {
    let spool: ScratchSpool
    var root: String { spool.root }

    init() throws {
        spool = try ScratchSpool("held")
    }

    /// Drops `count` drafts and keeps each open for writing, as a tool that never closes them.
    private func dropHeld(_ count: Int, prefix: String) throws -> [FileHandle] {
        try (0..<count).map { index in
            try spool.drop(try ScratchSpool.draft(id: "\(prefix)-\(index)"), as: "\(prefix)-\(index).json")
            return try #require(FileHandle(forWritingAtPath: "\(root)/incoming/\(prefix)-\(index).json"))
        }
    }

    private func refusedResults() -> [String] {
        spool.files(.rejected).filter { $0.contains(".refused-") }
    }

    @Test("a held draft is looked at again after 1 s, then 2, 4, ... 32 s, then once anywhere within 60 s, then every 60 s")
    func recheckBacksOffExponentially() throws {
        let processor = try spool.pipeline(SpoolSettings(quietMilliseconds: 1_000))
        let writers = try dropHeld(1, prefix: "slow")
        defer { for writer in writers { try? writer.close() } }
        var now: Int64 = 0
        var claims = try processor.claimFromIncoming(limit: 10)
        var waits: [Int64] = []
        for _ in 0..<9 {
            let report = processor.commit(processor.prepare(claims, at: ScratchSpool.instant), monotonicMilliseconds: now)
            guard case .deferred = try #require(report.outcomes.first).disposition else {
                Issue.record("not deferred: \(report.outcomes)")
                return
            }
            var waited: Int64 = 0
            claims = []
            while claims.isEmpty, waited <= 120_000 {
                waited += 100
                claims = processor.committer.dueDeferred(limit: 10, now: now + waited)
            }
            waits.append(waited)
            now += waited
        }
        #expect(Array(waits.prefix(6)) == [1_000, 2_000, 4_000, 8_000, 16_000, 32_000], "\(waits)")
        #expect(waits[6] >= 100 && waits[6] <= 60_000, "the first wait at the cap is anywhere within it: \(waits)")
        #expect(Array(waits.suffix(2)) == [60_000, 60_000], "\(waits)")
        #expect(processor.committer.heldCount == 1 && processor.withIntake { $0.heldCount } == 1)
    }

    @Test("drafts held at the same moment do not all come due together: their waits spread")
    func recheckWaitsSpread() throws {
        let processor = try spool.pipeline(SpoolSettings(quietMilliseconds: 60_000))
        let writers = try dropHeld(50, prefix: "many")
        defer { for writer in writers { try? writer.close() } }
        _ = processor.commit(processor.prepare(try processor.claimFromIncoming(limit: 100), at: ScratchSpool.instant), monotonicMilliseconds: 0)
        #expect(processor.committer.dueDeferred(limit: 100, now: 0).isEmpty, "none at once")
        let firstHalf = processor.committer.dueDeferred(limit: 100, now: 30_000).count
        let rest = processor.committer.dueDeferred(limit: 100, now: 60_000).count
        #expect(firstHalf > 0 && rest > 0, "\(firstHalf) due by 30 s, \(rest) more by 60 s")
        #expect(firstHalf + rest == 50, "\(firstHalf) due by 30 s, \(rest) more by 60 s")
    }

    @Test("near miss: a draft closed while it waits is decided at its next look, and no longer held")
    func closedDraftIsDecided() throws {
        let processor = try spool.pipeline(SpoolSettings(quietMilliseconds: 1_000))
        let writers = try dropHeld(1, prefix: "closing")
        let claims = try processor.claimFromIncoming(limit: 10)
        _ = processor.commit(processor.prepare(claims, at: ScratchSpool.instant), monotonicMilliseconds: 0)
        #expect(processor.committer.heldCount == 1)
        try writers[0].close()
        let due = processor.committer.dueDeferred(limit: 10, now: 1_000)  // at most the quiet period
        #expect(due == claims)
        _ = processor.commit(processor.prepare(due, at: ScratchSpool.instant), monotonicMilliseconds: 1_000)
        #expect(spool.files(.accepted) == ["closing-0.json"])
        #expect(processor.committer.heldCount == 0 && processor.withIntake { $0.heldCount } == 0)
    }

    @Test("held drafts count towards the cap: dropped in chunks below it, no more than the cap are ever held; the rest are refused with a result and not kept")
    func heldDraftsCountTowardsTheCap() throws {
        let processor = try spool.pipeline()
        processor.settings.maxQueuedPerSubmitter = 3
        var writers: [FileHandle] = []
        defer { for writer in writers { try? writer.close() } }
        for chunk in 0..<4 {
            writers += try dropHeld(2, prefix: "chunk\(chunk)")
            let claims = try processor.claimFromIncoming(limit: 10)
            _ = processor.commit(processor.prepare(claims, at: ScratchSpool.instant), monotonicMilliseconds: 0)
            #expect(processor.withIntake { $0.heldCount } <= 3)
        }
        #expect(processor.withIntake { $0.heldCount } == 3 && processor.committer.heldCount == 3)
        #expect(refusedResults().count == 5)
        #expect(spool.files(.processing).count == 3, "only the held drafts are left; the refused are not kept")
        let message = try String(contentsOfFile: spool.resultPath(.rejected, try #require(refusedResults().last)), encoding: .utf8)
        #expect(message.contains("SUBMITTER_QUEUE_FULL") && message.contains("still open for writing in processing/"))
    }

    @Test("near miss: under the cap, every held draft waits and none is refused")
    func heldDraftsUnderTheCapWait() throws {
        let processor = try spool.pipeline()
        processor.settings.maxQueuedPerSubmitter = 8
        var writers: [FileHandle] = []
        defer { for writer in writers { try? writer.close() } }
        for chunk in 0..<4 {
            writers += try dropHeld(2, prefix: "chunk\(chunk)")
            let claims = try processor.claimFromIncoming(limit: 10)
            _ = processor.commit(processor.prepare(claims, at: ScratchSpool.instant), monotonicMilliseconds: 0)
        }
        #expect(processor.withIntake { $0.heldCount } == 8 && refusedResults().isEmpty)
    }

    @Test("after a restart, held drafts found in processing/ beyond the cap are refused as held-draft overflow")
    func heldBeyondTheCapAfterARestart() throws {
        let first = try spool.pipeline()
        let writers = try dropHeld(3, prefix: "left")
        defer { for writer in writers { try? writer.close() } }
        _ = first.commit(first.prepare(try first.claimFromIncoming(limit: 10), at: ScratchSpool.instant), monotonicMilliseconds: 0)
        #expect(first.withIntake { $0.heldCount } == 3)
        let restarted = try spool.pipeline()
        restarted.settings.maxQueuedPerSubmitter = 2
        let left = restarted.claimedDrafts(limit: 10, now: 0)
        #expect(left.count == 3)
        _ = restarted.commit(restarted.prepare(left, at: ScratchSpool.instant), monotonicMilliseconds: 0)
        #expect(restarted.withIntake { $0.heldCount } == 2 && spool.files(.processing).count == 2)
        let refused = try #require(refusedResults().first)
        let message = try String(contentsOfFile: spool.resultPath(.rejected, refused), encoding: .utf8)
        #expect(message.contains("this draft was still open for writing"))
    }
}
