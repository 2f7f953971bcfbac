import Foundation
@testable import SupportGateLedger
import Testing

/// The SQLite ledger's primitives: what `LedgerCommit` builds the contract on (the contract
/// itself is tested for both databases in SupportGateCommitTests).
@Suite("SQLite incident ledger")
struct SQLiteLedgerTests {
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg ledger \(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    private var path: String { "\(folder)/ledger.sqlite" }

    private func accept(_ ledger: SQLiteLedger, _ draft: AcceptedDraft, allowance: Int?) throws -> LedgerSteps.Outcome {
        try LedgerSteps.accept(draft, allowance: allowance, in: ledger)
    }

    @Test("incidents count down to the allowance, then the entitlement is exhausted; other entitlements and partners count apart")
    func countsDown() throws {
        let ledger = try SQLiteLedger(path: path)
        #expect(try accept(ledger, LedgerSteps.draft("d1"), allowance: 3) == .recorded(left: 2))
        #expect(try accept(ledger, LedgerSteps.draft("d2"), allowance: 3) == .recorded(left: 1))
        #expect(try accept(ledger, LedgerSteps.draft("d3"), allowance: 3) == .recorded(left: 0))
        #expect(try accept(ledger, LedgerSteps.draft("d4"), allowance: 3) == .exhausted)
        #expect(try LedgerSteps.inUse(ledger) == 3)
        #expect(try accept(ledger, LedgerSteps.draft("d4", entitlement: "premier-2"), allowance: 3) == .recorded(left: 2))
        #expect(try accept(ledger, LedgerSteps.draft("d5", partner: "p2"), allowance: 3) == .recorded(left: 2))
        #expect(try accept(ledger, LedgerSteps.draft("d6", entitlement: nil), allowance: nil) == .recorded(left: nil), "an acceptance that consumes nothing")
        #expect(try ledger.inUse(partner: "p1") == ["premier-1": 3, "premier-2": 1])
    }

    @Test("an accepted id is found, whatever the bytes or submitter asking; the row keeps what was recorded")
    func acceptedIdFound() throws {
        let ledger = try SQLiteLedger(path: path)
        let first = LedgerSteps.draft("d1", uid: 1001)
        _ = try accept(ledger, first, allowance: 2)
        #expect(try accept(ledger, LedgerSteps.draft("d1", sha: "bb", uid: 1011), allowance: 2) == .found(decisionId: first.decisionId))
        let found = try ledger.transaction { (transaction) throws(LedgerError) in try transaction.acceptedDrafts([first.key, DraftIdKey(partner: "p1", draftId: "d2")]) }
        #expect(found.count == 1, "near miss: an id not accepted is not found")
        #expect(found[first.key] == first)
        #expect(try LedgerSteps.inUse(ledger) == 1)
    }

    @Test("a release gives the incident back, once; an unknown decision id, or an acceptance that consumed nothing, releases nothing")
    func release() throws {
        let ledger = try SQLiteLedger(path: path)
        let first = LedgerSteps.draft("d1")
        _ = try accept(ledger, first, allowance: 1)
        #expect(try accept(ledger, LedgerSteps.draft("d2"), allowance: 1) == .exhausted)
        let released = try #require(try ledger.release(decisionId: first.decisionId, reason: "Microsoft did not count it", at: "2026-12-02T09:00:00Z"))
        #expect(released.releasedNow && released.draft.releaseReason == "Microsoft did not count it")
        #expect(try LedgerSteps.inUse(ledger) == 0)
        #expect(try accept(ledger, LedgerSteps.draft("d2"), allowance: 1) == .recorded(left: 0))
        let again = try ledger.release(decisionId: first.decisionId, reason: "twice", at: "2026-12-03T09:00:00Z")
        #expect(again?.releasedNow == false)
        #expect(again?.draft.releasedAt == "2026-12-02T09:00:00Z" && again?.draft.releaseReason == "Microsoft did not count it")
        #expect(try LedgerSteps.inUse(ledger) == 1, "released twice: given back once")
        #expect(try ledger.release(decisionId: "no-such-decision", reason: "x", at: "2026-12-03T09:00:00Z") == nil)
        let free = LedgerSteps.draft("d3", entitlement: nil)
        _ = try accept(ledger, free, allowance: nil)
        #expect(try ledger.release(decisionId: free.decisionId, reason: "x", at: "2026-12-03T09:00:00Z") == nil)
        #expect(try ledger.recent(partner: "p1", entitlement: nil, limit: 20).map(\.draftId).sorted() == ["d1", "d2"], "only what consumed")
        #expect(try ledger.partners() == ["p1"])
    }

    @Test("prune forgets rows decided before the cutoff, in chunks, and leaves the counts as they are")
    func pruneKeepsCounts() throws {
        let ledger = try SQLiteLedger(path: path)
        for index in 0..<5 {
            _ = try accept(ledger, LedgerSteps.draft("old\(index)", decidedAt: "2025-01-0\(index + 1)T00:00:00Z"), allowance: nil)
        }
        _ = try accept(ledger, LedgerSteps.draft("new"), allowance: nil)
        #expect(try ledger.prune(decidedBefore: "2025-01-03T00:00:00Z") == 2)
        #expect(try ledger.prune(decidedBefore: "2025-01-03T00:00:00Z") == 0, "near miss: nothing older left")
        #expect(try LedgerSteps.inUse(ledger) == 6, "a pruned row's incident stays used")
        let kept = try ledger.transaction { (transaction) throws(LedgerError) in
            try transaction.acceptedDrafts(["old0", "old1", "old2", "new"].map { DraftIdKey(partner: "p1", draftId: $0) })
        }
        #expect(Set(kept.keys.map(\.draftId)) == ["old2", "new"])
    }

    @Test("eight connections racing for a 100-incident allowance: exactly 100 recorded, never one more")
    func racingConnectionsCannotOvershoot() throws {
        _ = try SQLiteLedger(path: path)  // creates the schema
        let path = self.path
        RacingWriters.race { worker in
            let ledger = try SQLiteLedger(path: path)
            return try (0..<50).map { index in
                try LedgerSteps.accept(RacingWriters.draft(partner: "p1", worker: worker, index: index), allowance: 100, in: ledger)
            }
        }
        #expect(try LedgerSteps.inUse(SQLiteLedger(path: path)) == 100)
    }

    @Test("carried over: a missing acceptance is added consuming nothing; a row without submitter or result is filled in; other bytes change nothing; twice changes nothing")
    func importAccepted() throws {
        let ledger = try SQLiteLedger(path: path)
        let counted = LedgerSteps.draft("d1")
        _ = try accept(ledger, counted, allowance: 5)
        // As the migration from 0.19.0 leaves a consumption: no submitter, no result.
        try SQLiteConnection(path: path).execute("""
            INSERT INTO accepted_draft (partner_tenant_id, draft_id, draft_sha256, decision_id, decided_at, entitlement_id)
            VALUES ('p1', 'bare', 'aa', 'bare-1', '2026-01-01T00:00:00Z', 'premier-1')
            """)
        let files = [LedgerSteps.draft("bare", entitlement: nil), LedgerSteps.draft("d1", sha: "bb", entitlement: nil),
                     LedgerSteps.draft("missing", entitlement: nil)]
        let changed = try ledger.transaction { (transaction) throws(LedgerError) in try transaction.importAccepted(files) }
        #expect(changed == 2, "bare filled in, missing added; d1 (other bytes) untouched")
        #expect(try ledger.transaction { (transaction) throws(LedgerError) in try transaction.importAccepted(files) } == 0, "idempotent")
        let rows = try ledger.transaction { (transaction) throws(LedgerError) in
            try transaction.acceptedDrafts(["bare", "d1", "missing"].map { DraftIdKey(partner: "p1", draftId: $0) })
        }
        #expect(rows[DraftIdKey(partner: "p1", draftId: "bare")]?.submitterUID == 1001)
        #expect(rows[DraftIdKey(partner: "p1", draftId: "bare")]?.decisionId == "bare-1", "the ledger's decision stands")
        #expect(rows[DraftIdKey(partner: "p1", draftId: "bare")]?.result == LedgerSteps.draft("bare").result, "its result filled in")
        #expect(rows[DraftIdKey(partner: "p1", draftId: "d1")] == counted)
        #expect(rows[DraftIdKey(partner: "p1", draftId: "missing")]?.entitlementId == nil)
        #expect(try LedgerSteps.inUse(ledger) == 1, "the counts are not touched (the bare row was inserted without counting)")
        #expect(try ledger.transaction { (transaction) throws(LedgerError) in try transaction.spoolImported(gate: "g") } == nil)
        try ledger.transaction { (transaction) throws(LedgerError) in try transaction.markSpoolImported(gate: "g", at: "2026-12-01T00:00:00Z") }
        #expect(try ledger.transaction { (transaction) throws(LedgerError) in try transaction.spoolImported(gate: "g") } == "2026-12-01T00:00:00Z")
    }

    @Test("read-only: opens an existing ledger and reads it; a missing file is an error, not a new ledger")
    func readOnly() throws {
        #expect(throws: LedgerError.self) { try SQLiteLedger(path: path, readOnly: true) }
        #expect(!FileManager.default.fileExists(atPath: path))
        _ = try accept(SQLiteLedger(path: path), LedgerSteps.draft("d1"), allowance: 3)
        let reader = try SQLiteLedger(path: path, readOnly: true)
        #expect(try reader.inUse(partner: "p1") == ["premier-1": 1])
        #expect(throws: LedgerError.self) { try LedgerSteps.accept(LedgerSteps.draft("d2"), allowance: 3, in: reader) }
    }

    @Test("a file that is not a database is a located error, not a crash")
    func notADatabase() throws {
        try Data("garbage, not SQLite".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: LedgerError.self) { try SQLiteLedger(path: path) }
        do {
            _ = try SQLiteLedger(path: path)
        } catch {
            #expect(error.path == path && error.message.contains("not a database"))
        }
    }
}
