import Foundation
@testable import SupportGateLedger
import Synchronization
import Testing

/// A ledger reaches the schema this gate writes from an empty database and from 0.19.0's
/// (schema 1 in SQLite, 3 in PostgreSQL: the migration scripts of SQL/ run by hand, as
/// 0.19.0 ran them, with its rows), keeping every consumption and its count; a schema it
/// does not know (newer, or older than 0.19.0) is refused rather than misread.
@Suite("Ledger migrations")
struct LedgerMigrationTests {
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg ledger migrations \(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    private var path: String { "\(folder)/ledger.sqlite" }

    private func sqliteVersion() throws -> Int {
        var version = -1
        try SQLiteConnection(path: path).query("PRAGMA user_version") { version = Int($0.integer(0)) }
        return version
    }

    private func sqliteTables() throws -> [String] {
        var names: [String] = []
        try SQLiteConnection(path: path).query("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY 1") { names.append($0.text(0) ?? "") }
        return names
    }

    @Test("SQLite: an empty file reaches the current schema")
    func sqliteFresh() throws {
        let ledger = try SQLiteLedger(path: path)
        #expect(try sqliteVersion() == SQLiteLedgerSchema.version && SQLiteLedgerSchema.version == 2)
        #expect(try sqliteTables() == ["accepted_draft", "entitlement_use", "spool_import"])
        #expect(try LedgerSteps.accept(LedgerSteps.draft("d1"), allowance: 1, in: ledger) == .recorded(left: 0))
        _ = try SQLiteLedger(path: path)  // opened again: nothing to do
        #expect(try LedgerSteps.inUse(SQLiteLedger(path: path)) == 1)
    }

    @Test("SQLite: 0.19.0's ledger keeps every consumption (released ones released) and its counts")
    func sqliteFrom0190() throws {
        do {
            let old = try SQLiteConnection(path: path)
            try old.execute(LedgerSQL.sqlite.migrations[0].script)
            try old.execute("""
                PRAGMA user_version = 1;
                INSERT INTO consumption VALUES ('p1', 'd1', 'premier-1', 'x1', 'aa', '2026-12-01T00:00:00Z', NULL, NULL, NULL);
                INSERT INTO consumption VALUES ('p1', 'd2', 'premier-1', 'x2', 'bb', '2026-12-01T00:00:00Z', 'gate:1-d2.json', NULL, NULL);
                INSERT INTO consumption VALUES ('p1', 'd3', 'premier-1', 'x3', 'cc', '2026-12-01T00:00:00Z', NULL, NULL, NULL);
                UPDATE consumption SET released_at = '2026-12-02T00:00:00Z', release_reason = 'given back' WHERE draft_id = 'd3';
                INSERT INTO consumption VALUES ('p2', 'd1', 'unified', 'x4', 'dd', '2026-12-01T00:00:00Z', NULL, NULL, NULL);
                """)
            var counts: [String] = []
            try old.query("SELECT partner_tenant_id || '/' || entitlement_id || '=' || in_use FROM entitlement_use ORDER BY 1") { counts.append($0.text(0) ?? "") }
            #expect(counts == ["p1/premier-1=2", "p2/unified=1"], "0.19.0's triggers counted them")
        }
        let ledger = try SQLiteLedger(path: path)
        #expect(try sqliteVersion() == 2)
        #expect(try ledger.inUse(partner: "p1") == ["premier-1": 2] && ledger.inUse(partner: "p2") == ["unified": 1])
        let rows = try ledger.transaction { (transaction) throws(LedgerError) in
            try transaction.acceptedDrafts(["d1", "d2", "d3"].map { DraftIdKey(partner: "p1", draftId: $0) })
        }
        #expect(rows.count == 3)
        let d3 = try #require(rows[DraftIdKey(partner: "p1", draftId: "d3")])
        #expect(d3.releasedAt == "2026-12-02T00:00:00Z" && d3.releaseReason == "given back" && d3.decisionId == "x3")
        let d2 = try #require(rows[DraftIdKey(partner: "p1", draftId: "d2")])
        #expect(d2.submitterUID == nil && d2.result.isEmpty && d2.draftSha256 == "bb" && d2.entitlementId == "premier-1")
        #expect(try LedgerSteps.accept(LedgerSteps.draft("d4"), allowance: 3, in: ledger) == .recorded(left: 0), "counting goes on from 2")
        #expect(try LedgerSteps.accept(LedgerSteps.draft("d5"), allowance: 3, in: ledger) == .exhausted)
        #expect(try ledger.release(decisionId: "x3", reason: "again", at: "2026-12-03T00:00:00Z")?.releasedNow == false)
    }

    @Test("SQLite: a newer schema is refused, and so is a file with tables but no version (older than 0.19.0)")
    func sqliteRefused() throws {
        do {
            let newer = try SQLiteConnection(path: path)
            try newer.execute("PRAGMA user_version = 99")
        }
        do {
            _ = try SQLiteLedger(path: path)
            Issue.record("a newer schema was opened")
        } catch {
            #expect(error.message.contains("newer"), "\(error)")
        }
        let older = "\(folder)/older.sqlite"
        try SQLiteConnection(path: older).execute("CREATE TABLE consumption (partner_tenant_id TEXT, draft_id TEXT)")
        do {
            _ = try SQLiteLedger(path: older)
            Issue.record("a pre-0.19.0 file was opened")
        } catch {
            #expect(error.message.contains("older than 0.19.0"), "\(error)")
        }
        #expect(throws: Never.self, "near miss: an empty file") { try SQLiteLedger(path: "\(folder)/empty.sqlite") }
    }
}

/// The same for PostgreSQL, each test on a database of its own.
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
