import Foundation
@testable import SupportGateLedger
import Synchronization
import Testing

/// PostgreSQL's ledger reaches this gate's schema (4) from an empty database and from
/// 0.19.0's (3), each test on a database of its own; see `LedgerMigrationTests` for SQLite.
@Suite("Ledger migrations: PostgreSQL", .serialized, .enabled(if: PostgresTestServer.url != nil, "needs SUPPORTGATE_TEST_POSTGRES_URL"))
struct PostgresMigrationTests {
    private func version(_ url: String) throws -> [String?] {
        try PostgresConnection(url: url).query("SELECT version FROM supportgate_schema").map { $0[0] }
    }

    private func tables(_ url: String) throws -> [String] {
        try PostgresConnection(url: url).query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").compactMap { $0[0] }
    }

    @Test("PostgreSQL: an empty database reaches the current schema")
    func fresh() throws {
        let url = try PostgresTestServer.freshDatabase()
        defer { PostgresTestServer.drop(url) }
        let ledger = PostgresLedger(url: url)
        #expect(try LedgerSteps.accept(LedgerSteps.draft("d1"), allowance: 1, in: ledger) == .recorded(left: 0))
        #expect(try version(url) == ["4"] && PostgresLedger.schemaVersion == 4)
        #expect(try tables(url) == ["accepted_draft", "entitlement_use", "spool_import", "supportgate_schema"])
    }

    @Test("PostgreSQL: 0.19.0's ledger keeps every consumption (released ones released), its decided_draft acceptances, and its counts")
    func from0190() throws {
        let url = try PostgresTestServer.freshDatabase()
        defer { PostgresTestServer.drop(url) }
        let old = PostgresConnection(url: url)
        try old.execute(script: LedgerSQL.postgres.migrations[0].script)
        try old.execute(script: """
            CREATE TABLE supportgate_schema (version integer NOT NULL);
            INSERT INTO supportgate_schema VALUES (3);
            INSERT INTO consumption VALUES ('p1', 'd1', 'premier-1', 'x1', 'aa', '2026-12-01T00:00:00Z', NULL, NULL, NULL);
            INSERT INTO consumption VALUES ('p1', 'd2', 'premier-1', 'x2', 'bb', '2026-12-01T00:00:00Z', 'gate:1-d2.json', NULL, NULL);
            INSERT INTO consumption VALUES ('p1', 'd3', 'premier-1', 'x3', 'cc', '2026-12-01T00:00:00Z', NULL, '2026-12-02T00:00:00Z', 'given back');
            INSERT INTO entitlement_use VALUES ('p1', 'premier-1', 2);
            INSERT INTO decided_draft (partner_tenant_id, draft_id, draft_sha256, submitter_uid, gate, claim, decision_id, accepted, result, decided_at)
            VALUES ('p1', 'd1', 'aa', 1001, 'host-a:/spool/', 'c1', 'x1', true, '{"r":1}', '2026-12-01T00:00:00Z'),
                   ('p1', 'free', 'ee', 1011, 'host-b:/spool/', 'c2', 'x5', true, '{"r":2}', '2026-12-01T10:30:00Z'),
                   ('p1', 'nope', 'ff', 1001, 'host-a:/spool/', 'c3', 'x6', false, '{"r":3}', '2026-12-01T00:00:00Z'),
                   ('p1', 'd2', 'zz', 1001, 'host-a:/spool/', 'c4', 'x2', true, '{"r":4}', '2026-12-01T00:00:00Z');
            """)
        let ledger = PostgresLedger(url: url)
        #expect(try ledger.inUse(partner: "p1") == ["premier-1": 2], "counts equal: d1 and d2 in use, d3 released")
        #expect(try version(url) == ["4"])
        #expect(try tables(url) == ["accepted_draft", "entitlement_use", "spool_import", "supportgate_schema"])
        let rows = try ledger.transaction { (transaction) throws(LedgerError) in
            try transaction.acceptedDrafts(["d1", "d2", "d3", "free", "nope"].map { DraftIdKey(partner: "p1", draftId: $0) })
        }
        #expect(Set(rows.keys.map(\.draftId)) == ["d1", "d2", "d3", "free"], "a rejection takes no row")
        let d1 = try #require(rows[DraftIdKey(partner: "p1", draftId: "d1")])
        #expect(d1.submitterUID == 1001 && d1.result == Array("{\"r\":1}".utf8) && d1.entitlementId == "premier-1" && d1.gate == "host-a:/spool/")
        let d2 = try #require(rows[DraftIdKey(partner: "p1", draftId: "d2")])
        #expect(d2.draftSha256 == "bb" && d2.result.isEmpty, "decided_draft's other bytes give it no result")
        let d3 = try #require(rows[DraftIdKey(partner: "p1", draftId: "d3")])
        #expect(d3.releasedAt == "2026-12-02T00:00:00Z" && d3.releaseReason == "given back")
        let free = try #require(rows[DraftIdKey(partner: "p1", draftId: "free")])
        #expect(free.entitlementId == nil && free.decisionId == "x5" && free.submitterUID == 1011 && free.decidedAt == "2026-12-01T10:30:00Z")
        #expect(try LedgerSteps.accept(LedgerSteps.draft("d4"), allowance: 3, in: ledger) == .recorded(left: 0), "counting goes on from 2")
        #expect(try LedgerSteps.accept(LedgerSteps.draft("d5"), allowance: 3, in: ledger) == .exhausted)
    }

    @Test("PostgreSQL: a newer schema is refused, and so are 0.19.0's tables without a version")
    func refused() throws {
        let newer = try PostgresTestServer.freshDatabase()
        defer { PostgresTestServer.drop(newer) }
        try PostgresConnection(url: newer).execute(script: "CREATE TABLE supportgate_schema (version integer NOT NULL); INSERT INTO supportgate_schema VALUES (99);")
        do {
            _ = try PostgresLedger(url: newer).inUse(partner: "p1")
            Issue.record("a newer schema was opened")
        } catch {
            #expect(error.message.contains("newer"), "\(error)")
        }
        let older = try PostgresTestServer.freshDatabase()
        defer { PostgresTestServer.drop(older) }
        try PostgresConnection(url: older).execute(script: "CREATE TABLE consumption (partner_tenant_id text, draft_id text);")
        do {
            _ = try PostgresLedger(url: older).inUse(partner: "p1")
            Issue.record("a pre-0.19.0 database was opened")
        } catch {
            #expect(error.message.contains("older than 0.19.0"), "\(error)")
        }
    }

    @Test("PostgreSQL: gates preparing the schema of an empty database at once all succeed, one of them migrating")
    func preparedAtOnce() throws {
        for _ in 0..<3 {
            let url = try PostgresTestServer.freshDatabase()
            defer { PostgresTestServer.drop(url) }
            let failures = Mutex<[String]>([])
            let finished = DispatchGroup()
            for worker in 0..<4 {
                finished.enter()
                Thread {
                    defer { finished.leave() }
                    do {
                        _ = try LedgerSteps.accept(LedgerSteps.draft("d\(worker)"), allowance: nil, in: PostgresLedger(url: url))
                    } catch {
                        failures.withLock { $0.append("\(error)") }
                    }
                }.start()
            }
            finished.wait()
            #expect(failures.withLock { $0 }.isEmpty)
            #expect(try version(url) == ["4"])
            #expect(try LedgerSteps.inUse(PostgresLedger(url: url)) == 4)
        }
    }
}
