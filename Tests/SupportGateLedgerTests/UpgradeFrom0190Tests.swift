import Foundation
@testable import SupportGateLedger
import Testing

/// The ledgers the real 0.19.0 package wrote (Tests/Fixtures/ledger-0.19.0, README.md there),
/// opened by this gate: every consumption keeps its decision id, entitlement and release,
/// the counts stay what 0.19.0's `ledger show` said, and once the spool's results are carried
/// over every acceptance is remembered with its submitter (expected.json).
@Suite("Upgrade from the 0.19.0 ledgers", .serialized)
struct UpgradeFrom0190Tests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/ledger-0.19.0")

    @Test("SQLite: 0.19.0's file keeps its consumptions and counts; the spool's results give every acceptance its submitter")
    func sqlite() throws {
        let expected = try Expected(backend: "sqlite")
        let work = try TemporaryFolder()
        let path = work.path + "/ledger.sqlite"
        try FileManager.default.copyItem(atPath: Self.folder.appendingPathComponent("sqlite/ledger.sqlite").path, toPath: path)
        let ledger = try SQLiteLedger(path: path)
        try expected.checkCounts(ledger)
        try expected.checkConsumptions(ledger)
        // Before the carry-over: only what 0.19.0's file held, without submitters.
        let before = try ledger.transaction { (transaction) throws(LedgerError) in try transaction.acceptedDrafts(expected.keys) }
        #expect(Set(before.keys) == Set(expected.consuming.map(\.key)), "0.19.0's SQLite file holds only the acceptances that consumed")
        #expect(before.values.allSatisfy { $0.submitterUID == nil })
        try expected.carryOver(into: ledger, work: work)
        try expected.checkAccepted(ledger)
        try expected.checkCounts(ledger)
        try expected.checkReleaseAgain(ledger)
    }

    @Test("PostgreSQL: 0.19.0's database keeps its consumptions, counts and every acceptance with its submitter; its rejections take nothing",
          .enabled(if: FreshDatabase.serverURL != nil, "needs SUPPORTGATE_TEST_POSTGRES_URL (Scripts/test.sh sets it)"))
    func postgres() throws {
        let expected = try Expected(backend: "postgres")
        try FreshDatabase.with { url in
            let dump = try String(contentsOf: Self.folder.appendingPathComponent("postgres/dump.sql"), encoding: .utf8)
            // pg_dump's \restrict lines are psql's; the rest is SQL. A connection of its own:
            // the dump empties search_path.
            let script = dump.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("\\") }.joined(separator: "\n")
            try PostgresConnection(url: url).execute(script: script)
            let ledger = PostgresLedger(url: url)
            try expected.checkCounts(ledger)
            try expected.checkConsumptions(ledger)
            try expected.checkAccepted(ledger)
            let work = try TemporaryFolder()
            try expected.carryOver(into: ledger, work: work)
            try expected.checkAccepted(ledger)
            try expected.checkCounts(ledger)
            try expected.checkReleaseAgain(ledger)
        }
    }
}

/// expected.json, for one backend.
struct Expected {
    struct Row {
        let key: DraftIdKey
        let submitterUID: UInt32
        let sha256: String
        let decisionId: String
        let entitlement: String?
        let released: Bool
    }

    let backend: String
    let rows: [Row]
    let inUse: [String: [String: Int]]
    let rejectedIds: [DraftIdKey]

    var keys: [DraftIdKey] { rows.map(\.key) + rejectedIds }
    var consuming: [Row] { rows.filter { $0.entitlement != nil } }

    init(backend: String) throws {
        self.backend = backend
        let data = try Data(contentsOf: UpgradeFrom0190Tests.folder.appendingPathComponent("expected.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let backends = try #require(root["backends"] as? [String: Any])
        let mine = try #require(backends[backend] as? [String: Any])
        let accepted = try #require(mine["accepted"] as? [[String: Any]])
        rows = try accepted.map { row in
            Row(key: DraftIdKey(partner: try #require(row["partner"] as? String), draftId: try #require(row["draftId"] as? String)),
                submitterUID: UInt32(try #require(row["submitterUid"] as? Int)), sha256: try #require(row["sha256"] as? String),
                decisionId: try #require(row["decisionId"] as? String), entitlement: row["entitlementConsumed"] as? String,
                released: try #require(row["released"] as? Bool))
        }
        inUse = try #require(mine["inUse"] as? [String: [String: Int]])
        // The ids only a rejection of 0.19.0 used: under contract §7 they took nothing.
        let rejected = try #require(mine["rejected"] as? [[String: Any]])
        let acceptedKeys = Set(rows.map(\.key))
        rejectedIds = Array(Set(rejected.compactMap { row -> DraftIdKey? in
            guard let partner = row["partner"] as? String, let draftId = row["draftId"] as? String else { return nil }
            return DraftIdKey(partner: partner, draftId: draftId)
        }).subtracting(acceptedKeys)).sorted()
        #expect(rows.count == 11 && rejectedIds.count == 2, "the fixture as README.md describes it")
    }

    func checkCounts(_ ledger: any IncidentLedger) throws {
        for (partner, counts) in inUse {
            #expect(try ledger.inUse(partner: partner) == counts, "\(backend): incidents in use as 0.19.0's ledger show")
        }
    }

    /// `ledger show`'s list: every consumption with its decision id, entitlement and release.
    func checkConsumptions(_ ledger: any IncidentLedger) throws {
        for partner in Set(rows.map(\.key.partner)) {
            let listed = try ledger.recent(partner: partner, entitlement: nil, limit: 100)
            let got = Set(listed.map { "\($0.draftId) \($0.decisionId) \($0.entitlementId ?? "-") \($0.releasedAt != nil)" })
            let want = Set(consuming.filter { $0.key.partner == partner }.map { "\($0.key.draftId) \($0.decisionId) \($0.entitlement ?? "-") \($0.released)" })
            #expect(got == want, "\(backend): consumptions of \(partner)")
        }
    }

    /// Every acceptance under its id, with its submitter, bytes, decision and entitlement;
    /// nothing under the ids 0.19.0 rejected.
    func checkAccepted(_ ledger: any IncidentLedger) throws {
        let found = try ledger.transaction { (transaction) throws(LedgerError) in try transaction.acceptedDrafts(keys) }
        for row in rows {
            let draft = found[row.key]
            #expect(draft?.decisionId == row.decisionId, "\(backend): \(row.key.draftId) keeps its decision id")
            #expect(draft?.submitterUID == row.submitterUID, "\(backend): \(row.key.draftId) knows its submitter")
            #expect(draft?.draftSha256 == row.sha256)
            #expect(draft?.entitlementId == row.entitlement)
            #expect((draft?.releasedAt != nil) == row.released)
            #expect(draft.map { !$0.result.isEmpty } == true, "\(backend): \(row.key.draftId) has a result to write again")
        }
        for key in rejectedIds {
            #expect(found[key] == nil, "\(backend): \(key.draftId) was rejected by 0.19.0 and takes nothing")
        }
    }

    /// What a gate's first start does with the spool's results (SpoolCarryOver): the accepted
    /// result files of the fixture's spool, imported.
    func carryOver(into ledger: any IncidentLedger, work: TemporaryFolder) throws {
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/bin/tar")
        tar.arguments = ["-xzf", UpgradeFrom0190Tests.folder.appendingPathComponent("\(backend)/spool.tar.gz").path, "-C", work.path, "accepted"]
        try tar.run()
        tar.waitUntilExit()
        #expect(tar.terminationStatus == 0)
        var drafts: [AcceptedDraft] = []
        let accepted = URL(fileURLWithPath: work.path + "/accepted")
        for partner in try FileManager.default.contentsOfDirectory(atPath: accepted.path) {
            for name in try FileManager.default.contentsOfDirectory(atPath: accepted.appendingPathComponent(partner).path) {
                let bytes = try Data(contentsOf: accepted.appendingPathComponent(partner).appendingPathComponent(name))
                let result = try #require(try JSONSerialization.jsonObject(with: bytes) as? [String: Any])
                drafts.append(AcceptedDraft(partnerTenantId: try #require(result["partnerTenantId"] as? String),
                                            draftId: try #require(result["draftId"] as? String),
                                            submitterUID: (result["submitterUid"] as? Int).map { UInt32($0) },
                                            draftSha256: try #require(result["draftSha256"] as? String),
                                            decisionId: try #require(result["decisionId"] as? String),
                                            decidedAt: try #require(result["decidedAt"] as? String), entitlementId: nil, gate: nil,
                                            result: Array(bytes)))
            }
        }
        #expect(drafts.count == rows.count)
        _ = try ledger.transaction { (transaction) throws(LedgerError) in try transaction.importAccepted(drafts) }
    }

    /// The incident 0.19.0 gave back stays given back: releasing it again changes nothing.
    func checkReleaseAgain(_ ledger: any IncidentLedger) throws {
        for row in rows where row.released {
            let again = try ledger.release(decisionId: row.decisionId, reason: "again", at: "2026-12-08T09:00:00Z")
            #expect(again?.releasedNow == false, "\(backend): \(row.key.draftId) was released by 0.19.0")
        }
        try checkCounts(ledger)
    }
}

/// A folder of its own under the temporary directory, removed with the value.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "upgrade-0190-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
