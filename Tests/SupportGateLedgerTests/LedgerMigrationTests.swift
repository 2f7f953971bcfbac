import Foundation
@testable import SupportGateLedger
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
