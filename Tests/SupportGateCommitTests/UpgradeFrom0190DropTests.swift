import BusinessCalendar
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateCommit
import SupportGateConfig
@testable import SupportGateLedger
@testable import SupportGateSpool
import SupportGateTestKit
import Testing

/// The ledgers and spools the real 0.19.0 package left (Tests/Fixtures/ledger-0.19.0), taken
/// over by this gate as the daemon does at its first start (the ledger migrated, the spool's
/// accepted results carried over), then the fixture's drafts dropped again by their
/// submitters, their colleagues and a stranger: each gets what expected.json says, and
/// nothing is consumed again.
@Suite("Upgrade from 0.19.0: the drafts dropped again", .serialized)
struct UpgradeFrom0190DropTests {
    @Test("with the spool's results: repeats keep their decision ids, colleagues and other bytes get DRAFT_DUPLICATE, 0.19.0's rejections are decided anew, counts unchanged",
          arguments: LedgerKind.available)
    func withResults(_ kind: LedgerKind) throws {
        let fixture = try UpgradeFixture(kind)
        let bench = try UpgradeBench(fixture, extractingSpool: true)
        for drop in fixture.drops {
            let before = drop.result.flatMap(bench.decisionId(at:))
            fixture.check(drop, try bench.decide(drop), bench: bench, before: before)
        }
        #expect(try fixture.inUseNow(bench.ledger) == fixture.inUse, "\(kind): nothing consumed again")
    }

    @Test("PostgreSQL, the results pruned before the upgrade: the ledger alone gives the same answers, and writes the owners' results again",
          .enabled(if: LedgerKind.postgresURL != nil, "needs SUPPORTGATE_TEST_POSTGRES_URL"))
    func postgresResultsPruned() throws {
        let fixture = try UpgradeFixture(.postgres)
        let bench = try UpgradeBench(fixture, extractingSpool: false)
        for drop in fixture.drops {
            let before = drop.result.flatMap(bench.decisionId(at:))
            fixture.check(drop, try bench.decide(drop), bench: bench, before: before)
        }
        #expect(try fixture.inUseNow(bench.ledger) == fixture.inUse)
    }

    @Test("SQLite, the results pruned before the upgrade: consuming drafts repeat with their decision ids and consume nothing; the others are decided anew")
    func sqliteResultsPruned() throws {
        let fixture = try UpgradeFixture(.sqlite)
        let bench = try UpgradeBench(fixture, extractingSpool: false)
        for drop in fixture.drops where drop.what.hasPrefix("identical repeat") {
            let verdict = try bench.decide(drop)
            let row = try #require(fixture.row(drop))
            #expect(verdict.accepted, "\(drop.draftId): \(verdict)")
            if row.consumed {
                #expect(verdict.decisionId == row.decisionId, "\(drop.draftId) is in 0.19.0's file: \(verdict)")
            } else {
                #expect(!fixture.decisionIds.contains(verdict.decisionId), "\(drop.draftId) was only in its pruned result: decided anew, \(verdict)")
            }
        }
        #expect(try fixture.inUseNow(bench.ledger) == fixture.inUse)
    }
}

/// expected.json and the ledger of one backend.
struct UpgradeFixture {
    static let folder = ContractGate.repositoryRoot.appendingPathComponent("Tests/Fixtures/ledger-0.19.0")

    struct Drop {
        let what: String
        let draft: String
        let uid: UInt32
        let partner: String
        let draftId: String
        let accepted: Bool
        /// "row": the accepted row's decision id; "new": one no result of the fixture has.
        let decisionId: String
        let codes: [String]
        let result: String?
    }

    struct Row {
        let decisionId: String
        let consumed: Bool
    }

    let kind: LedgerKind
    let drops: [Drop]
    let rows: [String: Row]
    let decisionIds: Set<String>
    let inUse: [String: [String: Int]]

    init(_ kind: LedgerKind) throws {
        self.kind = kind
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("expected.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let backend = try #require((root["backends"] as? [String: Any])?[kind.rawValue] as? [String: Any])
        var rows: [String: Row] = [:]
        var ids: Set<String> = []
        for row in try #require(backend["accepted"] as? [[String: Any]]) {
            let key = "\(try #require(row["partner"] as? String))/\(try #require(row["draftId"] as? String))"
            let decisionId = try #require(row["decisionId"] as? String)
            rows[key] = Row(decisionId: decisionId, consumed: row["entitlementConsumed"] is String)
            ids.insert(decisionId)
        }
        for row in try #require(backend["rejected"] as? [[String: Any]]) {
            ids.insert(try #require(row["decisionId"] as? String))
        }
        self.rows = rows
        decisionIds = ids
        inUse = try #require(backend["inUse"] as? [String: [String: Int]])
        drops = try #require(root["drops"] as? [[String: Any]]).map { drop in
            Drop(what: try #require(drop["what"] as? String), draft: try #require(drop["draft"] as? String),
                 uid: UInt32(try #require(drop["uid"] as? Int)), partner: try #require(drop["partner"] as? String),
                 draftId: try #require(drop["draftId"] as? String), accepted: try #require(drop["decision"] as? String) == "accept",
                 decisionId: try #require(drop["decisionId"] as? String), codes: try #require(drop["reasonCodes"] as? [String]),
                 result: drop["result"] as? String)
        }
        #expect(drops.count == 25 && rows.count == 11, "expected.json as README.md describes it")
    }

    func row(_ drop: Drop) -> Row? {
        rows["\(drop.partner)/\(drop.draftId)"]
    }

    /// - Parameter before: the decision id the drop's result file held before it, if any.
    func check(_ drop: Drop, _ verdict: Verdict, bench: UpgradeBench, before: String?) {
        let label = "\(kind): \(drop.what): \(drop.draft) as \(drop.uid)"
        #expect(verdict.accepted == drop.accepted && Set(verdict.codes) == Set(drop.codes), "\(label): \(verdict)")
        if drop.decisionId == "row" {
            #expect(verdict.decisionId == row(drop)?.decisionId, "\(label): the same decision id, \(verdict)")
        } else {
            #expect(!decisionIds.contains(verdict.decisionId), "\(label): decided anew, \(verdict)")
        }
        guard let result = drop.result else { return }
        #expect(verdict.resultPath == result, "\(label): \(verdict)")
        #expect(bench.codes(at: result) == drop.codes, "\(label): \(result) says \(drop.codes)")
        let written = bench.decisionId(at: result)
        guard before != nil, drop.codes == ["DRAFT_DUPLICATE"] else {
            #expect(written == verdict.decisionId, "\(label): \(result) holds this decision")
            return
        }
        // Contract §7: a rejection takes nothing, and a draft dropped again is decided anew
        // with its newest result in place of the older one.
        #expect(written == verdict.decisionId, "\(label): \(result) holds \(written ?? "nothing"), not the new decision")
    }

    func inUseNow(_ ledger: any IncidentLedger) throws -> [String: [String: Int]] {
        var counts: [String: [String: Int]] = [:]
        for partner in inUse.keys { counts[partner] = try ledger.inUse(partner: partner) }
        return counts
    }
}

/// A scratch spool on the fixture's ledger, driven as ContractBench drives one, with the
/// fixture's directory (its submitters named by uid, as ContractGate names them).
final class UpgradeBench {
    let root: String
    let location: LedgerLocation
    let ledger: any IncidentLedger
    let processor: ScratchPipeline
    private var instant = Timestamp.parseRFC3339("2026-12-08T09:00:00Z")!
    private var dropped = 0
    /// The PostgreSQL database made for this bench, if any.
    private var database: String?

    init(_ fixture: UpgradeFixture, extractingSpool: Bool) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sg-upgrade-0190-\(UUID().uuidString)").path
        for folder in SpoolPaths.Folder.allCases {
            try FileManager.default.createDirectory(atPath: "\(root)/\(folder.rawValue)", withIntermediateDirectories: true)
        }
        let folder = UpgradeFixture.folder.appendingPathComponent(fixture.kind.rawValue)
        if extractingSpool {
            try Self.run("/bin/tar", ["--acls", "-xzf", folder.appendingPathComponent("spool.tar.gz").path, "-C", root])
        }
        switch fixture.kind {
        case .sqlite:
            location = LedgerLocation(path: "\(root)/ledger.sqlite", url: nil)
            try FileManager.default.copyItem(atPath: folder.appendingPathComponent("ledger.sqlite").path, toPath: location.path)
        case .postgres:
            // A database of its own: the dump is of a whole database (its schema public), not
            // of the schema LedgerKind gives a contract test.
            let server = try #require(LedgerKind.postgresURL)
            let name = "sg_upgrade_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
            _ = try PostgresConnection(url: server).query("CREATE DATABASE \(name)")
            database = name
            // libpq takes the last dbname given: the URL's own is overridden.
            location = LedgerLocation(path: "\(root)/unused.sqlite", url: server + (server.contains("?") ? "&" : "?") + "dbname=\(name)")
            let dump = try String(contentsOf: folder.appendingPathComponent("dump.sql"), encoding: .utf8)
            // pg_dump's \restrict lines are psql's; the rest is SQL, on a connection of its own
            // (it empties search_path).
            let script = dump.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("\\") }.joined(separator: "\n")
            try PostgresConnection(url: try #require(location.url)).execute(script: script)
        }
        ledger = try #require(try location.open(.gate(deadlines: .standard, whileWaiting: {})))
        let gate = try Self.loadGate()
        processor = try ScratchPipeline(paths: SpoolPaths(root: root), settings: SpoolSettings(quietMilliseconds: 0), evaluator: gate.evaluator)
        let commit = LedgerCommit(ledger: ledger, gate: GateIdentity(name: "upgraded:\(root)/"))
        processor.committer.settlement = commit
        // What the daemon does at its first start on this spool.
        let carried = try SpoolCarryOver.run(processor.committer, into: ledger, gate: commit.gate, at: "2026-12-08T08:59:00Z")
        #expect(carried.complete && carried.read == (extractingSpool ? 11 : 0), "\(carried)")
    }

    deinit {
        if let database, let server = LedgerKind.postgresURL {
            _ = try? PostgresConnection(url: server).query("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
        }
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Drops the draft as its uid and decides it as a batch of its own, a minute after the last.
    func decide(_ drop: UpgradeFixture.Drop) throws -> Verdict {
        dropped += 1
        let path = "\(root)/incoming/drop-\(dropped).json"
        try FileManager.default.copyItem(atPath: UpgradeFixture.folder.appendingPathComponent(drop.draft).path, toPath: path)
        #expect(chown(path, drop.uid, drop.uid) == 0)
        instant = instant.adding(minutes: 1)
        let claims = try processor.claimFromIncoming(limit: 16)
        let report = processor.process(claims, at: instant, monotonicMilliseconds: .max / 4)
        #expect(report.fault == nil, "\(String(describing: report.fault))")
        let verdicts = report.outcomes.compactMap(Verdict.init)
        try #require(verdicts.count == 1, "one draft, one result: \(report.outcomes)")
        return verdicts[0]
    }

    func decisionId(at relative: String) -> String? {
        result(relative)?["decisionId"] as? String
    }

    /// The reason codes of the result file at `relative`, in order, without repeats.
    func codes(at relative: String) -> [String] {
        let codes = (result(relative)?["errors"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        return codes.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    private func result(_ relative: String) -> [String: Any]? {
        guard let bytes = FileManager.default.contents(atPath: "\(root)/\(relative)") else { return nil }
        return try? JSONSerialization.jsonObject(with: bytes) as? [String: Any]
    }

    /// The example configuration with the fixture's directory, Contoso's submitters named by uid.
    private static func loadGate() throws -> LoadedGate {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg-upgrade-gate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let named = "\"submitters\": {\n        \"uids\": [\n          1001\n        ],\n        \"groups\": [\n          \"contoso-support\"\n        ]\n      }"
        var directory = try String(contentsOf: UpgradeFixture.folder.appendingPathComponent("directory.json"), encoding: .utf8)
        try #require(directory.contains(named))
        directory = directory.replacingOccurrences(of: named, with: "\"submitters\": { \"uids\": [1001, 1011], \"groups\": [] }")
        try directory.write(to: folder.appendingPathComponent("directory.json"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: ContractGate.repositoryRoot.appendingPathComponent("Config/supportgate.toml"),
                                         to: folder.appendingPathComponent("supportgate.toml"))
        return try GateLoader.load(configPath: folder.appendingPathComponent("supportgate.toml").path).get()
    }

    private static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(executable) \(arguments)")
    }
}
