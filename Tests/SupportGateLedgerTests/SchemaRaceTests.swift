import Foundation
@testable import SupportGateLedger
import Synchronization
import Testing

/// Several gates started together on a database no gate has used yet (a new cluster, or
/// every gate upgraded and restarted at once by configuration management): each creates or
/// updates the schema at its first batch. None may fail on the others (a deadlock, a lock
/// wait that times out) and none may wait long for them: setting up the schema is a few
/// milliseconds of DDL, and one gate's wait is a batch held back for every partner.
@Suite("PostgreSQL schema set up by gates starting together", .serialized,
       .enabled(if: FreshDatabase.serverURL != nil, "needs SUPPORTGATE_TEST_POSTGRES_URL (Scripts/test.sh sets it)"))
struct SchemaRaceTests {
    /// Eight gates with a sound setup take about 0.3 s here (four batches each, 40 ms apiece):
    /// the bound leaves a loaded two-core CI machine eight times that. A deadlock or a lock
    /// wait past lock_timeout fails the test on its own, whatever the time.
    static let bound: Double = 2.5

    @Test("eight gates' first batches on an empty database: none deadlocks or times out, all done within the bound",
          arguments: [8])
    func firstBatchesTogether(gates: Int) throws {
        for round in 0..<3 {
            try FreshDatabase.with { url in
                let outcomes = StartingGates.race(gates) { gate in
                    let ledger = PostgresLedger(url: url)
                    for batch in 0..<StartingGates.batches { try StartingGates.batch(ledger, gate: gate, batch: batch) }
                }
                StartingGates.expectAllFinished(outcomes, within: Self.bound, round: round)
                let counts = try PostgresLedger(url: url).inUse(partner: StartingGates.partner)
                #expect(counts == Dictionary(uniqueKeysWithValues: (0..<gates).map { ("premier-\($0)", StartingGates.batches) }), "round \(round)")
            }
        }
    }

    @Test("a gate's first batch beside `ledger show` and `check` reading the new database: none fails, all done within the bound")
    func batchesBesideReaders() throws {
        for round in 0..<3 {
            try FreshDatabase.with { url in
                let outcomes = StartingGates.race(6) { gate in
                    let ledger = PostgresLedger(url: url)
                    if gate.isMultiple(of: 2) {
                        _ = try ledger.inUse(partner: StartingGates.partner)
                        _ = try ledger.partners()
                    } else {
                        for batch in 0..<StartingGates.batches { try StartingGates.batch(ledger, gate: gate, batch: batch) }
                    }
                }
                StartingGates.expectAllFinished(outcomes, within: Self.bound, round: round)
            }
        }
    }

    @Test("near miss: one gate alone on an empty database sets the schema up well within the bound")
    func oneGateAlone() throws {
        try FreshDatabase.with { url in
            let outcomes = StartingGates.race(1) { gate in
                let ledger = PostgresLedger(url: url)
                for batch in 0..<StartingGates.batches { try StartingGates.batch(ledger, gate: gate, batch: batch) }
            }
            StartingGates.expectAllFinished(outcomes, within: Self.bound, round: 0)
        }
    }
}

/// Threads released together, as gates started by one `systemctl start` on several hosts.
enum StartingGates {
    static let partner = "p-schema-race"

    struct Outcome: Sendable {
        let gate: Int
        let seconds: Double
        let failure: String?
    }

    /// A gate's first seconds with a backlog: a few batches in a row.
    static let batches = 4
    /// How long a batch holds its transaction after its statements: the gate writes and
    /// syncs the batch's results before it commits (ResultCommitter+Ledger.swift).
    static let holdMicroseconds: UInt32 = 40_000

    /// One batch of one draft, in the order a gate's commit takes its locks
    /// (SupportGateCommit's LedgerCommit): the draft id looked up and locked, the
    /// entitlement's counter locked, the acceptance recorded and counted, the results written
    /// and synced, then COMMIT. The ledger sets the schema up before the first.
    static func batch(_ ledger: PostgresLedger, gate: Int, batch: Int) throws {
        let draftId = "draft-\(gate)-\(batch)"
        // An entitlement of its own per gate: the gates would otherwise take turns on its
        // counter row, and the test would time that instead of the schema's setup.
        let entitlement = EntitlementKey(partner: partner, entitlementId: "premier-\(gate)")
        let draft = AcceptedDraft(partnerTenantId: partner, draftId: draftId, submitterUID: 1001, draftSha256: "aa", decisionId: "d-\(gate)-\(batch)",
                                  decidedAt: "2026-12-01T12:00:00Z", entitlementId: entitlement.entitlementId, gate: "gate-\(gate)",
                                  result: Array("{}".utf8))
        _ = try ledger.transaction { (transaction) throws(LedgerError) in
            _ = try transaction.acceptedDrafts([draft.key])
            _ = try transaction.lockCounts([entitlement])
            try transaction.insert([draft])
            try transaction.addToCounts([entitlement: 1])
            usleep(holdMicroseconds)
        }
    }

    static func race(_ count: Int, _ start: @Sendable @escaping (Int) throws -> Void) -> [Outcome] {
        let outcomes = Mutex<[Outcome]>([])
        let ready = DispatchGroup(), finished = DispatchGroup()
        let go = DispatchSemaphore(value: 0)
        for gate in 0..<count {
            ready.enter()
            finished.enter()
            Thread {
                defer { finished.leave() }
                ready.leave()
                go.wait()
                let started = Date()
                var failure: String?
                do { try start(gate) } catch { failure = "\(error)" }
                let outcome = Outcome(gate: gate, seconds: Date().timeIntervalSince(started), failure: failure)
                outcomes.withLock { $0.append(outcome) }
            }.start()
        }
        ready.wait()
        for _ in 0..<count { go.signal() }
        finished.wait()
        return outcomes.withLock { $0 }.sorted { $0.gate < $1.gate }
    }

    static func expectAllFinished(_ outcomes: [Outcome], within bound: Double, round: Int) {
        let failures = outcomes.compactMap { outcome in outcome.failure.map { "gate \(outcome.gate) after \(outcome.seconds) s: \($0)" } }
        #expect(failures.isEmpty, "round \(round): \(failures.joined(separator: "; "))")
        let slowest = outcomes.map(\.seconds).max() ?? 0
        #expect(slowest < bound, "round \(round): slowest gate took \(slowest) s: \(outcomes.map { String(format: "%.3f", $0.seconds) })")
    }
}

/// A database of its own on the test server, dropped afterwards: the race is about a
/// database without the tables, which the shared test database stopped being long ago.
enum FreshDatabase {
    /// The test server (Scripts/test.sh starts one, Tests/Postgres/cluster.sh).
    static let serverURL = ProcessInfo.processInfo.environment["SUPPORTGATE_TEST_POSTGRES_URL"]

    static func with(_ body: (String) throws -> Void) throws {
        let base = try #require(serverURL)
        let name = "schema_race_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        let admin = PostgresConnection(url: base)
        try admin.query("CREATE DATABASE \(name)")
        defer { _ = try? admin.query("DROP DATABASE \(name) WITH (FORCE)") }
        // libpq takes the last dbname given: the URL's own path is overridden.
        try body(base + (base.contains("?") ? "&" : "?") + "dbname=\(name)")
    }
}
