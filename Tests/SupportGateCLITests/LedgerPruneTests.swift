import Foundation
import SupportGateLedger
import Testing

/// `supportgate ledger prune`: the ledger forgets an accepted draft only after
/// `ledger.retentionDays`, and then only the row: the incidents stay counted (contract §7).
/// The same checks run against PostgreSQL when SUPPORTGATE_TEST_POSTGRES_URL is set.
@Suite("supportgate ledger prune")
struct LedgerPruneTests {
    @Test("SQLite: rows older than ledger.retentionDays (400) forgotten, a 399-day-old one kept, counts unchanged")
    func forgetsOldRowsSQLite() throws {
        try Self.forgetsOldRows(LedgerFixture())
    }

    @Test("SQLite: ledger.retentionDays decides the cutoff (450: the 401-day-old row stays, the 500-day-old one goes)")
    func retentionSettingSQLite() throws {
        try Self.retentionSetting(LedgerFixture(ledgerLines: ["retentionDays = 450"]))
    }

    @Test("no ledger yet: exit 0, and no file is created")
    func missingLedger() throws {
        let fixture = try LedgerFixture()
        let run = try CommandLineTests.run(["ledger", "prune", "--config", fixture.config, "--log", "stderr"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("does not exist yet: nothing to forget"))
        #expect(!FileManager.default.fileExists(atPath: fixture.location.path))
    }

    @Test("a configuration that does not load: exit 2, nothing forgotten")
    func badConfiguration() throws {
        let fixture = try LedgerFixture(ledgerLines: ["retentionDays = 0"])
        let old = fixture.draft("\(fixture.tag)-old", decidedAt: LedgerFixture.ago(days: 900))
        try fixture.record([old])
        let run = try CommandLineTests.run(["ledger", "prune", "--config", fixture.config, "--log", "stderr"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("ledger.retentionDays: 0 is too small"), "\(run.stderr)")
        #expect(try fixture.remembered([old.draftId]) == [old.draftId])
    }

    @Test("SQLite: spool prune removes results but never makes the ledger forget")
    func spoolPruneLeavesLedgerSQLite() throws {
        try Self.spoolPruneLeavesLedger(LedgerFixture())
    }

    // The checks themselves, for either database. Draft ids carry the fixture's tag: a
    // PostgreSQL database is shared by the tests, so counts are compared before and after.

    static func forgetsOldRows(_ fixture: LedgerFixture) throws {
        let tag = fixture.tag
        let drafts = [
            fixture.draft("\(tag)-401-days", decidedAt: LedgerFixture.ago(days: 401)),
            fixture.draft("\(tag)-500-days-free", decidedAt: LedgerFixture.ago(days: 500), consumed: false),
            fixture.draft("\(tag)-399-days", decidedAt: LedgerFixture.ago(days: 399)),
            fixture.draft("\(tag)-today", decidedAt: LedgerFixture.ago(days: 0, seconds: 60)),
        ]
        try fixture.record(drafts)
        let ids = drafts.map(\.draftId)
        let countsBefore = try fixture.inUse()
        let shownBefore = try Self.used(fixture)

        let run = try CommandLineTests.run(["ledger", "prune", "--config", fixture.config, "--log", "stderr"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("accepted drafts decided before \(LedgerFixture.ago(days: 400).prefix(10))"), "\(run.stdout)")
        #expect(run.stdout.contains("(older than 400 days); incident counts unchanged"), "\(run.stdout)")
        #expect(run.stderr.contains("RETENTION_DAYS=400") && run.stderr.contains("FORGOTTEN="), "the prune is journaled: \(run.stderr)")
        if !fixture.location.isShared {
            #expect(run.stdout.contains("forgot 2 accepted drafts"), "\(run.stdout)")
        }
        #expect(try fixture.remembered(ids) == ["\(tag)-399-days", "\(tag)-today"])
        // The PostgreSQL database is shared with suites running at the same time, which
        // consume Contoso's premier incidents too: the counts are compared on SQLite only.
        if !fixture.location.isShared {
            #expect(try fixture.inUse() == countsBefore, "the incidents the forgotten drafts used are still used")
            #expect(try Self.used(fixture) == shownBefore)
        }

        let again = try CommandLineTests.run(["ledger", "prune", "--config", fixture.config, "--log", "stderr"])
        #expect(again.status == 0, "\(again.stderr)")
        if !fixture.location.isShared {
            #expect(again.stdout.contains("forgot 0 accepted drafts"), "\(again.stdout)")
        }
        #expect(try fixture.remembered(ids) == ["\(tag)-399-days", "\(tag)-today"])
    }

    static func retentionSetting(_ fixture: LedgerFixture) throws {
        let tag = fixture.tag
        let drafts = [
            fixture.draft("\(tag)-401-days", decidedAt: LedgerFixture.ago(days: 401)),
            fixture.draft("\(tag)-500-days", decidedAt: LedgerFixture.ago(days: 500)),
        ]
        try fixture.record(drafts)
        let run = try CommandLineTests.run(["ledger", "prune", "--config", fixture.config, "--log", "stderr"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("(older than 450 days)"), "\(run.stdout)")
        #expect(try fixture.remembered(drafts.map(\.draftId)) == ["\(tag)-401-days"])
    }

    static func spoolPruneLeavesLedger(_ fixture: LedgerFixture) throws {
        let old = fixture.draft("\(fixture.tag)-old", decidedAt: LedgerFixture.ago(days: 500))
        try fixture.record([old])
        let shelf = "\(fixture.spoolRoot)/accepted/\(LedgerFixture.contoso)"
        try FileManager.default.createDirectory(atPath: shelf, withIntermediateDirectories: true)
        try "{}".write(toFile: "\(shelf)/\(old.draftId).json", atomically: false, encoding: .utf8)
        let countsBefore = try fixture.inUse()
        // Everything written before a minute from now: the result file goes.
        let before = LedgerFixture.ago(days: 0, seconds: -60)
        let run = try CommandLineTests.run(["spool", "prune", "--config", fixture.config, "--before", before])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("accepted/: removed 1 files"), "\(run.stdout)")
        #expect(!run.stdout.contains("ledger"), "\(run.stdout)")
        #expect(!FileManager.default.fileExists(atPath: "\(shelf)/\(old.draftId).json"))
        #expect(try fixture.remembered([old.draftId]) == [old.draftId], "the ledger still remembers the accepted draft")
        if !fixture.location.isShared {  // a shared PostgreSQL database counts other suites' incidents too
            #expect(try fixture.inUse() == countsBefore)
        }
    }

    /// What `ledger show --format json` says Contoso's premier entitlement has used.
    static func used(_ fixture: LedgerFixture) throws -> Int? {
        let run = try CommandLineTests.run(["ledger", "show", "--config", fixture.config, "--partner", LedgerFixture.contoso,
                                            "--entitlement", LedgerFixture.premier, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let partners = report?["partners"] as? [[String: Any]]
        let entitlements = partners?.first?["entitlements"] as? [[String: Any]]
        return entitlements?.first?["used"] as? Int
    }
}

/// The same against a real PostgreSQL server (`Scripts/test.sh` starts one).
@Suite("supportgate ledger prune, PostgreSQL", .serialized,
       .enabled(if: ProcessInfo.processInfo.environment["SUPPORTGATE_TEST_POSTGRES_URL"] != nil, "needs SUPPORTGATE_TEST_POSTGRES_URL (Scripts/test.sh sets it)"))
struct PostgresLedgerPruneTests {
    static let url = ProcessInfo.processInfo.environment["SUPPORTGATE_TEST_POSTGRES_URL"]

    @Test("PostgreSQL: rows older than ledger.retentionDays forgotten, a 399-day-old one kept, counts unchanged")
    func forgetsOldRows() throws {
        try LedgerPruneTests.forgetsOldRows(LedgerFixture(postgresURL: Self.url))
    }

    @Test("PostgreSQL: spool prune removes results but never makes the ledger forget")
    func spoolPruneLeavesLedger() throws {
        try LedgerPruneTests.spoolPruneLeavesLedger(LedgerFixture(postgresURL: Self.url))
    }

    @Test("PostgreSQL: ledger.retentionDays decides the cutoff")
    func retentionSetting() throws {
        try LedgerPruneTests.retentionSetting(LedgerFixture(postgresURL: Self.url, ledgerLines: ["retentionDays = 450"]))
    }
}
