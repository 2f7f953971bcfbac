import Foundation
import SupportGateLedger
import Testing

/// `ledger release` and `ledger show` on the ledger of accepted drafts: a release gives the
/// incident back once and the draft stays remembered; a draft that used none has nothing
/// to give back.
@Suite("supportgate ledger release and show")
struct LedgerReleaseTests {
    @Test("release: once given back, counted down by one; again: already released; the draft is still remembered")
    func release() throws {
        let fixture = try LedgerFixture()
        let used = fixture.draft("\(fixture.tag)-used", decidedAt: LedgerFixture.ago(days: 3))
        let other = fixture.draft("\(fixture.tag)-other", decidedAt: LedgerFixture.ago(days: 2))
        try fixture.record([used, other])
        #expect(try fixture.inUse()[LedgerFixture.premier] == 2)

        let run = try CommandLineTests.run(["ledger", "release", used.decisionId, "--reason", "not counted", "--config", fixture.config, "--log", "stderr"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("released: decision \(used.decisionId), entitlement \(LedgerFixture.premier) of partner \(LedgerFixture.contoso); 1 in use now"), "\(run.stdout)")
        #expect(run.stderr.contains("INCIDENTS_IN_USE=1"), "journaled: \(run.stderr)")
        #expect(try fixture.inUse()[LedgerFixture.premier] == 1)
        #expect(try fixture.remembered([used.draftId]) == [used.draftId], "a released draft is still remembered: its repeat gets the same decision")

        let again = try CommandLineTests.run(["ledger", "release", used.decisionId, "--reason", "again", "--config", fixture.config, "--log", "stderr"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.hasPrefix("already released at "), "\(again.stdout)")
        #expect(again.stdout.contains(": not counted"))
        #expect(try fixture.inUse()[LedgerFixture.premier] == 1)
    }

    @Test("release: a draft that used no incident, an unknown id, or no ledger yet: exit 1")
    func nothingToRelease() throws {
        let fixture = try LedgerFixture()
        let missing = try CommandLineTests.run(["ledger", "release", "nope", "--reason", "x", "--config", fixture.config, "--log", "stderr"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("does not exist yet"), "\(missing.stderr)")
        let free = fixture.draft("\(fixture.tag)-free", decidedAt: LedgerFixture.ago(days: 1), consumed: false)
        try fixture.record([free])
        for decisionId in [free.decisionId, "unknown-decision"] {
            let run = try CommandLineTests.run(["ledger", "release", decisionId, "--reason", "x", "--config", fixture.config, "--log", "stderr"])
            #expect(run.status == 1)
            #expect(run.stderr.contains("no accepted draft used an incident under decision id \(decisionId)"), "\(run.stderr)")
        }
    }

    @Test("show: used and left, the drafts that used one, newest first, with their submitter; a released one says so")
    func show() throws {
        let fixture = try LedgerFixture()
        let older = fixture.draft("\(fixture.tag)-older", decidedAt: LedgerFixture.ago(days: 5))
        let newer = fixture.draft("\(fixture.tag)-newer", decidedAt: LedgerFixture.ago(days: 1))
        let free = fixture.draft("\(fixture.tag)-free", decidedAt: LedgerFixture.ago(days: 0, seconds: 30), consumed: false)
        try fixture.record([older, newer, free])
        _ = try CommandLineTests.run(["ledger", "release", older.decisionId, "--reason", "duplicate SR", "--config", fixture.config, "--log", "stderr"])
        let run = try CommandLineTests.run(["ledger", "show", "--config", fixture.config, "--partner", LedgerFixture.contoso,
                                            "--entitlement", LedgerFixture.premier, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(report["ledger"] as? String == fixture.location.path)
        let partners = try #require(report["partners"] as? [[String: Any]])
        let entitlement = try #require((partners.first?["entitlements"] as? [[String: Any]])?.first)
        #expect(entitlement["allowance"] as? Int == 20)
        #expect(entitlement["used"] as? Int == 1)
        #expect(entitlement["left"] as? Int == 19)
        let recent = try #require(entitlement["recent"] as? [[String: Any]])
        #expect(recent.map { $0["draftId"] as? String } == [newer.draftId, older.draftId], "only drafts that used an incident, newest first")
        #expect(recent.first?["submitterUid"] as? Int == 1001)
        #expect(recent.first?["consumedAt"] as? String == newer.decidedAt)
        #expect(recent.last?["releaseReason"] as? String == "duplicate SR")

        let text = try CommandLineTests.run(["ledger", "show", "--config", fixture.config, "--partner", LedgerFixture.contoso, "--entitlement", LedgerFixture.premier])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("allowance 20, used 1, left 19"), "\(text.stdout)")
        #expect(text.stdout.contains("\(newer.decisionId)  draft \(newer.draftId) (uid 1001)"), "\(text.stdout)")
        #expect(text.stdout.contains("released ") && text.stdout.contains(": duplicate SR"), "\(text.stdout)")
    }

    @Test("a PostgreSQL URL's password never reaches the output")
    func passwordHidden() throws {
        let fixture = try LedgerFixture(postgresURL: "postgresql://gate:s3cret@127.0.0.1:1/none?connect_timeout=1")
        let run = try CommandLineTests.run(["config", "check", "--config", fixture.config])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("ledger: postgresql://"), "\(run.stdout)")
        #expect(!run.stdout.contains("s3cret") && !run.stderr.contains("s3cret"), "\(run.stdout)")
        let show = try CommandLineTests.run(["ledger", "show", "--config", fixture.config, "--partner", LedgerFixture.contoso])
        #expect(show.status == 2, "nothing listens there")
        #expect(!show.stdout.contains("s3cret") && !show.stderr.contains("s3cret"), "\(show.stderr)")
    }
}
