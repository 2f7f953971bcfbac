import Foundation
@testable import SupportGateLedger
import Testing

@Suite("SQLite incident ledger")
struct SQLiteLedgerTests {
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg ledger \(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    private var path: String { "\(folder)/ledger.sqlite" }

    private func consumption(_ draftId: String, sha: String = "aa", partner: String = "p1", entitlement: String = "premier-1") -> Consumption {
        Consumption(partnerTenantId: partner, entitlementId: entitlement, decisionId: "decision-\(partner)-\(draftId)-\(sha)",
                    draftId: draftId, draftSha256: sha, consumedAt: "2026-12-01T12:00:00Z")
    }

    @Test("incidents count down to the allowance, then the entitlement is exhausted")
    func countsDown() throws {
        let ledger = try SQLiteLedger(path: path)
        #expect(try ledger.consume(consumption("d1"), allowance: 3) == .consumed(left: 2))
        #expect(try ledger.consume(consumption("d2"), allowance: 3) == .consumed(left: 1))
        #expect(try ledger.consume(consumption("d3"), allowance: 3) == .consumed(left: 0))
        #expect(try ledger.consume(consumption("d4"), allowance: 3) == .exhausted)
        #expect(try ledger.inUse(partner: "p1", entitlement: "premier-1") == 3)
        // Near miss: another entitlement, and the same entitlement id of another partner, count apart.
        #expect(try ledger.consume(consumption("d4", entitlement: "premier-2"), allowance: 3) == .consumed(left: 2))
        #expect(try ledger.consume(consumption("d5", partner: "p2"), allowance: 3) == .consumed(left: 2))
    }

    @Test("the same draft again (a repeat, a crash) never consumes twice; other bytes under its id consume nothing")
    func repeatsConsumeOnce() throws {
        let ledger = try SQLiteLedger(path: path)
        #expect(try ledger.consume(consumption("d1"), allowance: 2) == .consumed(left: 1))
        #expect(try ledger.consume(consumption("d1"), allowance: 2) == .alreadyConsumed(left: 1))
        #expect(try ledger.consume(consumption("d1", sha: "bb"), allowance: 2) == .idUsedForOtherBytes)
        #expect(try ledger.inUse(partner: "p1", entitlement: "premier-1") == 1)
        // A repeat is recognised even once the allowance is used up: it is not "exhausted".
        #expect(try ledger.consume(consumption("d2"), allowance: 2) == .consumed(left: 0))
        #expect(try ledger.consume(consumption("d1"), allowance: 2) == .alreadyConsumed(left: 0))
    }

    @Test("a release gives the incident back, once; an unknown decision id releases nothing")
    func release() throws {
        let ledger = try SQLiteLedger(path: path)
        _ = try ledger.consume(consumption("d1"), allowance: 1)
        #expect(try ledger.consume(consumption("d2"), allowance: 1) == .exhausted)
        let released = try #require(try ledger.release(decisionId: "decision-p1-d1-aa", reason: "Microsoft did not count it", at: "2026-12-02T09:00:00Z"))
        #expect(released.releasedNow && released.consumption.releaseReason == "Microsoft did not count it")
        #expect(try ledger.inUse(partner: "p1", entitlement: "premier-1") == 0)
        #expect(try ledger.consume(consumption("d2"), allowance: 1) == .consumed(left: 0))
        let again = try ledger.release(decisionId: "decision-p1-d1-aa", reason: "twice", at: "2026-12-03T09:00:00Z")
        #expect(again?.releasedNow == false)
        #expect(again?.consumption.releasedAt == "2026-12-02T09:00:00Z" && again?.consumption.releaseReason == "Microsoft did not count it")
        #expect(try ledger.release(decisionId: "no-such-decision", reason: "x", at: "2026-12-03T09:00:00Z") == nil)
        #expect(try ledger.recent(partner: "p1").map(\.draftId) == ["d2", "d1"])
    }

    @Test("eight connections racing for a 100-incident allowance: exactly 100 consumed, never one more")
    func racingConnectionsCannotOvershoot() throws {
        _ = try SQLiteLedger(path: path)  // creates the schema
        let path = self.path
        RacingWriters.race { worker in
            let ledger = try SQLiteLedger(path: path)
            return try (0..<50).map { index in try ledger.consume(RacingWriters.draft(partner: "p1", worker: worker, index: index), allowance: 100) }
        }
        #expect(try SQLiteLedger(path: path).inUse(partner: "p1", entitlement: "premier-1") == 100)
    }

    @Test("the kept count follows every insert, release and removal, and agrees with a count of the rows")
    func keptCountAgrees() throws {
        let ledger = try SQLiteLedger(path: path)
        for index in 0..<6 { _ = try ledger.consume(consumption("d\(index)"), allowance: nil) }
        _ = try ledger.release(decisionId: "decision-p1-d1-aa", reason: "not counted", at: "2026-12-02T09:00:00Z")
        let removed = try ledger.transaction { (transaction) throws(LedgerError) in
            try transaction.forget(claim: "no-such-claim")
        }
        #expect(removed == 0, "near miss: another claim's consumption stays")
        var claimed = consumption("d9")
        claimed.claim = "1700000000000000-d9.json"
        _ = try ledger.consume(claimed, allowance: nil)
        #expect(try ledger.inUse(partner: "p1", entitlement: "premier-1") == 6)
        let forgotten = try ledger.transaction { (transaction) throws(LedgerError) in
            try transaction.forget(claim: "1700000000000000-d9.json")
        }
        #expect(forgotten == 1)
        #expect(try ledger.inUse(partner: "p1") == ["premier-1": 5])
        #expect(try ledger.recent(partner: "p1", limit: 100).filter { $0.releasedAt == nil }.count == 5)
    }

    @Test("unlimited: every use is recorded, nothing is ever exhausted, and nothing is said to be left")
    func unlimited() throws {
        let ledger = try SQLiteLedger(path: path)
        for index in 0..<20 {
            #expect(try ledger.consume(consumption("u\(index)"), allowance: nil) == .consumed(left: nil))
        }
        #expect(try ledger.inUse(partner: "p1", entitlement: "premier-1") == 20)
    }

    @Test("a repeat moves the consumption to the decision that stands; a released one stays as it was")
    func repeatMovesDecision() throws {
        let ledger = try SQLiteLedger(path: path)
        _ = try ledger.consume(consumption("d1"), allowance: 5)
        let again = Consumption(partnerTenantId: "p1", entitlementId: "premier-1", decisionId: "second-decision", draftId: "d1",
                                draftSha256: "aa", consumedAt: "2026-12-03T12:00:00Z", claim: "2-d1.json")
        #expect(try ledger.consume(again, allowance: 5) == .alreadyConsumed(left: 4))
        let kept = try #require(try ledger.recent(partner: "p1").first)
        #expect(kept.decisionId == "second-decision" && kept.consumedAt == "2026-12-01T12:00:00Z")
        #expect(kept.claim == nil, "only the claim that created a consumption may undo it")
        _ = try ledger.release(decisionId: "second-decision", reason: "not counted", at: "2026-12-04T09:00:00Z")
        let third = Consumption(partnerTenantId: "p1", entitlementId: "premier-1", decisionId: "third-decision", draftId: "d1",
                                draftSha256: "aa", consumedAt: "2026-12-05T12:00:00Z")
        #expect(try ledger.consume(third, allowance: 5) == .alreadyConsumed(left: 5), "released: repeats do not take it again")
        #expect(try ledger.recent(partner: "p1").first?.decisionId == "second-decision")
    }

    @Test("read-only: opens an existing ledger and reads it; a missing file is an error, not a new ledger")
    func readOnly() throws {
        #expect(throws: LedgerError.self) { try SQLiteLedger(path: path, readOnly: true) }
        #expect(!FileManager.default.fileExists(atPath: path))
        _ = try SQLiteLedger(path: path).consume(consumption("d1"), allowance: 3)
        let reader = try SQLiteLedger(path: path, readOnly: true)
        #expect(try reader.inUse(partner: "p1") == ["premier-1": 1])
        #expect(throws: LedgerError.self) { try reader.consume(consumption("d2"), allowance: 3) }
    }

    @Test("a ledger in the first form of the table (no claim, no kept counts) is brought up to date with its counts; a newer one is refused")
    func schemaUpgrade() throws {
        do {
            let old = try SQLiteConnection(path: path)
            try old.execute("""
                CREATE TABLE consumption (partner_tenant_id TEXT NOT NULL, draft_id TEXT NOT NULL, entitlement_id TEXT NOT NULL,
                    decision_id TEXT NOT NULL UNIQUE, draft_sha256 TEXT NOT NULL, consumed_at TEXT NOT NULL, released_at TEXT,
                    release_reason TEXT, PRIMARY KEY (partner_tenant_id, draft_id));
                INSERT INTO consumption VALUES ('p1', 'd1', 'premier-1', 'x1', 'aa', '2026-12-01T00:00:00Z', NULL, NULL);
                INSERT INTO consumption VALUES ('p1', 'd2', 'premier-1', 'x2', 'aa', '2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z', 'given back');
                INSERT INTO consumption VALUES ('p1', 'd3', 'premier-1', 'x3', 'aa', '2026-12-01T00:00:00Z', NULL, NULL);
                """)
        }
        let ledger = try SQLiteLedger(path: path)
        #expect(try ledger.inUse(partner: "p1") == ["premier-1": 2], "the kept count starts from the rows in force")
        #expect(try ledger.consume(consumption("d4"), allowance: 3) == .consumed(left: 0))
        #expect(try ledger.consume(consumption("d5"), allowance: 3) == .exhausted)
        do {
            let newer = try SQLiteConnection(path: path)
            try newer.execute("PRAGMA user_version = 99")
        }
        #expect(throws: LedgerError.self) { try SQLiteLedger(path: path) }
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
