import Foundation
import SupportGateLedger
import Testing

/// `ledger.retentionDays`: how long the ledger remembers an accepted draft. Default 400, at
/// least 1 (0 cannot mean "forever" here), every bad value reported with its file, line,
/// column and key, as the other settings are.
@Suite("ledger.retentionDays")
struct LedgerRetentionSettingTests {
    @Test("absent: 400 days, shown by config check")
    func defaultValue() throws {
        let fixture = try LedgerFixture()
        let run = try CommandLineTests.run(["config", "check", "--config", fixture.config])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("ledger: \(fixture.location.path) (remembers accepted drafts for 400 days)"), "\(run.stdout)")
    }

    @Test("near misses: 1 and 36500 are taken", arguments: [(1, "1 day"), (36_500, "36500 days")])
    func accepted(days: Int, shown: String) throws {
        let fixture = try LedgerFixture(ledgerLines: ["retentionDays = \(days)"])
        let run = try CommandLineTests.run(["config", "check", "--config", fixture.config])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("(remembers accepted drafts for \(shown))"), "\(run.stdout)")
    }

    @Test("bad values: exit 2, located at the value, with why", arguments: [
        ("0", "0 is too small: it must be at least 1 day (default 400). The ledger is the gate's memory of accepted drafts"),
        ("-30", "-30 is too small: it must be at least 1 day"),
        ("36501", "36501 is out of range; allowed: 1…36500"),
        ("\"400\"", "must be a whole number, not a string"),
        ("1.5", "must be a whole number"),
    ])
    func rejected(value: String, message: String) throws {
        let fixture = try LedgerFixture(ledgerLines: ["retentionDays = \(value)"])
        let lines = try String(contentsOfFile: fixture.config, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let ledgerTable = try #require(lines.firstIndex(of: "[ledger]"))
        let line = try #require(lines[ledgerTable...].firstIndex(of: Substring("retentionDays = \(value)"))) + 1
        let run = try CommandLineTests.run(["config", "check", "--config", fixture.config])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("error: \(fixture.config):\(line):17: ledger.retentionDays: \(message)"), "\(run.stderr)")
        // The commands that read only the configuration refuse it too.
        for command in [["ledger", "prune"], ["ledger", "release", "d-1", "--reason", "test"]] {
            let refused = try CommandLineTests.run(command + ["--config", fixture.config, "--log", "stderr"])
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("ledger.retentionDays: "), "\(refused.stderr)")
        }
    }

    @Test("spool.retentionDays = 0 still means keep the spool's files forever; only the ledger's must be at least 1")
    func spoolZeroStillAllowed() throws {
        let fixture = try LedgerFixture(ledgerLines: ["retentionDays = 1"])
        let text = try String(contentsOfFile: fixture.config, encoding: .utf8)
        try text.replacingOccurrences(of: "retentionDays = 90", with: "retentionDays = 0").write(toFile: fixture.config, atomically: true, encoding: .utf8)
        let run = try CommandLineTests.run(["config", "check", "--config", fixture.config])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("(retention: forever)") && run.stdout.contains("for 1 day)"), "\(run.stdout)")
    }
}
