import Foundation
import SupportGateSpool
import SupportGateTestKit
import Testing

/// A batch stops deciding once it has spent its time budget: what it did not reach is
/// postponed, and taken up again ahead of held drafts but after drafts just dropped, so
/// drafts that are slow to decide delay another submitter by one budget, not one batch.
@Suite("The batch's time budget")
struct BatchBudgetTests {
    let spool: ScratchSpool

    init() throws {
        spool = try ScratchSpool("budget")
    }

    @Test("out of time after the first draft: the rest are postponed, not looked at, and come back first among due drafts until decided")
    func postponedDraftsComeBack() throws {
        let processor = try spool.pipeline()
        for index in 0..<5 { try spool.drop(try ScratchSpool.draft(id: "slow-\(index)"), as: "slow-\(index).json") }
        let claims = try processor.claimFromIncoming(limit: 10)
        #expect(claims.count == 5)
        let batch = processor.withIntake { $0.prepare(claims, at: ScratchSpool.instant, budgetMilliseconds: 0) }
        let report = processor.commit(batch, monotonicMilliseconds: 0)
        #expect(report.outcomes.count == 1, "one draft is always decided, whatever the budget")
        #expect(spool.results.count == 1)
        #expect(processor.committer.hasPostponed)
        #expect(processor.committer.heldCount == 0, "postponed drafts are not held ones")
        let again = processor.committer.dueDeferred(limit: 10, now: 0)
        #expect(Set(again) == Set(claims.dropFirst()), "the four it did not reach, at once, with no wait")
        #expect(processor.committer.dueDeferred(limit: 10, now: 0, notIn: batch).isEmpty, "none while the batch that postponed them is still in flight")
        let rest = processor.commit(processor.withIntake { $0.prepare(again, at: ScratchSpool.instant) }, monotonicMilliseconds: 0)
        #expect(rest.outcomes.count == 4)
        #expect(spool.results.count == 5)
        #expect(!processor.committer.hasPostponed)
        #expect(processor.committer.dueDeferred(limit: 10, now: 0).isEmpty)
    }

    @Test("near miss: within the budget, a batch is decided whole and nothing is postponed")
    func withinTheBudget() throws {
        let processor = try spool.pipeline()
        for index in 0..<5 { try spool.drop(try ScratchSpool.draft(id: "quick-\(index)"), as: "quick-\(index).json") }
        let claims = try processor.claimFromIncoming(limit: 10)
        let report = processor.commit(processor.withIntake { $0.prepare(claims, at: ScratchSpool.instant, budgetMilliseconds: 60_000) }, monotonicMilliseconds: 0)
        #expect(report.outcomes.count == 5)
        #expect(!processor.committer.hasPostponed)
    }

    @Test("a batch dropped after a fault loses no postponed draft: it stays until a commit decides it")
    func postponedSurvivesADroppedBatch() throws {
        let processor = try spool.pipeline()
        for index in 0..<3 { try spool.drop(try ScratchSpool.draft(id: "kept-\(index)"), as: "kept-\(index).json") }
        let claims = try processor.claimFromIncoming(limit: 10)
        _ = processor.commit(processor.withIntake { $0.prepare(claims, at: ScratchSpool.instant, budgetMilliseconds: 0) }, monotonicMilliseconds: 0)
        let first = processor.committer.dueDeferred(limit: 10, now: 0)
        // That batch is prepared and then dropped (a fault): asked again, the same come back.
        _ = processor.withIntake { $0.prepare(first, at: ScratchSpool.instant) }
        #expect(processor.committer.dueDeferred(limit: 10, now: 0) == first)
    }
}
