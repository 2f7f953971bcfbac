import Foundation
@testable import SupportGateLedger
import Synchronization
import Testing

/// The PostgreSQL ledger against a real server: `Scripts/test.sh` starts a throwaway
/// cluster (Tests/Postgres/cluster.sh) and passes its URL in SUPPORTGATE_TEST_POSTGRES_URL.
/// Each test works on partners of its own, so tests share the database safely.
@Suite("PostgreSQL incident ledger", .serialized, .enabled(if: PostgresTestServer.url != nil, "needs SUPPORTGATE_TEST_POSTGRES_URL (Scripts/test.sh sets it)"))
struct PostgresLedgerTests {
    static let url = PostgresTestServer.url
    let partner = "p-\(UUID().uuidString)"

    private func draft(_ draftId: String, sha: String = "aa", entitlement: String? = "premier-1") -> AcceptedDraft {
        LedgerSteps.draft(draftId, partner: partner, sha: sha, entitlement: entitlement)
    }

    private func accept(_ ledger: PostgresLedger, _ draft: AcceptedDraft, allowance: Int?) throws -> LedgerSteps.Outcome {
        try LedgerSteps.accept(draft, allowance: allowance, in: ledger)
    }

    @Test("incidents count down to the allowance; an accepted id is found whatever the bytes; another entitlement counts apart")
    func countsDown() throws {
        let ledger = PostgresLedger(url: Self.url!)
        #expect(try accept(ledger, draft("d1"), allowance: 2) == .recorded(left: 1))
        #expect(try accept(ledger, draft("d1", sha: "bb"), allowance: 2) == .found(decisionId: draft("d1").decisionId))
        #expect(try accept(ledger, draft("d2"), allowance: 2) == .recorded(left: 0))
        #expect(try accept(ledger, draft("d3"), allowance: 2) == .exhausted)
        #expect(try accept(ledger, draft("d4", entitlement: "premier-2"), allowance: 2) == .recorded(left: 1), "near miss: another entitlement")
        #expect(try accept(ledger, draft("d5", entitlement: nil), allowance: nil) == .recorded(left: nil))
        #expect(try ledger.inUse(partner: partner) == ["premier-1": 2, "premier-2": 1])
        let found = try ledger.transaction { (transaction) throws(LedgerError) in try transaction.acceptedDrafts([draft("d1").key, draft("d3").key]) }
        #expect(found == [draft("d1").key: draft("d1")], "the row as recorded; d3 (exhausted) took nothing")
    }

    @Test("a release gives the incident back once; prune forgets old rows and keeps the counts")
    func releaseAndPrune() throws {
        // A schema of its own: prune reaches every partner's rows, other suites' too.
        let url = try PostgresTestServer.freshSchema()
        defer { PostgresTestServer.drop(url) }
        let ledger = PostgresLedger(url: url)
        _ = try accept(ledger, draft("d1"), allowance: 2)
        _ = try accept(ledger, LedgerSteps.draft("old", partner: partner, decidedAt: "2001-01-01T00:00:00Z"), allowance: 2)
        let released = try #require(try ledger.release(decisionId: draft("d1").decisionId, reason: "not counted", at: "2026-12-02T09:00:00Z"))
        #expect(released.releasedNow && released.draft.releaseReason == "not counted")
        #expect(try ledger.release(decisionId: draft("d1").decisionId, reason: "again", at: "2026-12-03T09:00:00Z")?.releasedNow == false)
        #expect(try ledger.inUse(partner: partner) == ["premier-1": 1])
        #expect(try ledger.prune(decidedBefore: "2001-01-02T00:00:00Z") == 1)
        #expect(try ledger.inUse(partner: partner) == ["premier-1": 1], "the pruned row's incident stays used")
        #expect(try ledger.recent(partner: partner, entitlement: nil, limit: 20).map(\.draftId) == ["d1"])
        #expect(try ledger.partners() == [partner])
    }

    @Test("two gates' connections, eight threads, racing for a 100-incident allowance: exactly 100 recorded, never one more")
    func racingGatesCannotOvershoot() throws {
        _ = try PostgresLedger(url: Self.url!).inUse(partner: partner)  // creates the tables
        let partner = self.partner
        RacingWriters.race { worker in
            let ledger = PostgresLedger(url: Self.url!)
            // Batches of five per transaction, as a gate commits them.
            return try (0..<10).flatMap { batch in
                try ledger.transaction { (transaction) throws(LedgerError) -> [LedgerSteps.Outcome] in
                    try (0..<5).map { index throws(LedgerError) in
                        try LedgerSteps.accept(RacingWriters.draft(partner: partner, worker: worker, index: batch * 5 + index), allowance: 100, in: transaction)
                    }
                }
            }
        }
        #expect(try PostgresLedger(url: Self.url!).inUse(partner: partner)["premier-1"] == 100)
    }

    @Test("hostile batches: eight threads, each batch locking two entitlements' counters and its ids, half of them in the opposite order: no deadlock, no overshoot")
    func crossedBatchesCannotDeadlock() throws {
        _ = try PostgresLedger(url: Self.url!).inUse(partner: partner)
        let partner = self.partner
        let failures = Mutex<[String]>([])
        let finished = DispatchGroup()
        for worker in 0..<8 {
            finished.enter()
            Thread {
                defer { finished.leave() }
                let ledger = PostgresLedger(url: Self.url!)
                do {
                    for batch in 0..<10 {
                        var keys = [EntitlementKey(partner: partner, entitlementId: "premier-1"), EntitlementKey(partner: partner, entitlementId: "premier-2")]
                        var ids = (0..<5).map { DraftIdKey(partner: partner, draftId: "shared-\(batch)-\($0)") }
                        if worker.isMultiple(of: 2) {
                            keys.reverse()
                            ids.reverse()
                        }
                        try ledger.transaction { (transaction) throws(LedgerError) in
                            let found = try transaction.acceptedDrafts(ids)
                            let counts = try transaction.lockCounts(keys)
                            var added: [EntitlementKey: Int] = [:]
                            var recorded: [AcceptedDraft] = []
                            for (position, id) in ids.enumerated() where found[id] == nil {
                                let key = keys[position % 2]
                                guard (counts[key] ?? 0) + (added[key] ?? 0) < 20 else { continue }
                                recorded.append(LedgerSteps.draft(id.draftId, partner: partner, sha: "w\(worker)", entitlement: key.entitlementId))
                                added[key, default: 0] += 1
                            }
                            try transaction.insert(recorded)
                            try transaction.addToCounts(added)
                        }
                    }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }.start()
        }
        finished.wait()
        #expect(failures.withLock { $0 }.isEmpty)
        #expect(try PostgresLedger(url: Self.url!).inUse(partner: partner) == ["premier-1": 20, "premier-2": 20])
    }

    @Test("a URL's password never reaches a message")
    func passwordHidden() {
        #expect(PostgresConnection.withoutPassword("postgresql://gate:s3cret@db.example/supportgate") == "postgresql://gate@db.example/supportgate")
        #expect(PostgresConnection.withoutPassword("postgresql:///supportgate?host=/run/postgresql&password=s3cret") == "postgresql:///supportgate?host=/run/postgresql&password=…")
        #expect(PostgresConnection.withoutPassword("postgresql:///supportgate?host=/run/postgresql") == "postgresql:///supportgate?host=/run/postgresql")
    }

    @Test("a connection waits 5 s at most unless the URL says otherwise")
    func connectTimeout() {
        #expect(PostgresConnection.withTimeout("postgresql:///supportgate") == "postgresql:///supportgate?connect_timeout=5")
        #expect(PostgresConnection.withTimeout("postgresql:///supportgate?host=/run/postgresql") == "postgresql:///supportgate?host=/run/postgresql&connect_timeout=5")
        #expect(PostgresConnection.withTimeout("postgresql://db/supportgate?connect_timeout=30") == "postgresql://db/supportgate?connect_timeout=30")
    }

    @Test("a server that is not there is a located error that says so, not a crash")
    func serverDown() {
        do {
            _ = try PostgresLedger(url: "postgresql:///supportgate?host=/nonexistent&port=1&connect_timeout=2").inUse(partner: "p")
            Issue.record("connected to nothing")
        } catch {
            #expect(error.kind == .unavailable)
            #expect(error.message.contains("cannot connect"))
        }
    }

    @Test("a batch's arrays reach the server as they are: quotes, backslashes, braces, commas, NULL, non-ASCII text, numbers at their limits, and empty arrays")
    func binaryArrays() throws {
        let values: [String?] = ["plain", "a \"quoted\" word", "back\\slash", "{braces}", "a,b", nil, "NULL", "", "grüße ✓", "tab\tand\nnewline"]
        let connection = PostgresConnection(url: Self.url!)
        #expect(try connection.query("SELECT unnest($1::text[])", arrays: [PostgresArray(text: values)]).map { $0[0] } == values)
        let bigints: [Int64?] = [0, 1, -1, Int64.max, Int64.min, nil, 4_294_967_295]
        #expect(try connection.query("SELECT unnest($1::bigint[])", arrays: [PostgresArray(bigint: bigints)]).map { $0[0] } == bigints.map { $0.map(String.init) })
        let integers: [Int32?] = [0, -1, Int32.max, Int32.min, nil]
        #expect(try connection.query("SELECT unnest($1::integer[])", arrays: [PostgresArray(integer: integers)]).map { $0[0] } == integers.map { $0.map(String.init) })
        #expect(try connection.query("SELECT unnest($1::boolean[])", arrays: [PostgresArray(boolean: [true, false])]).map { $0[0] } == ["t", "f"])
        #expect(try connection.query("SELECT cardinality($1::text[]), cardinality($2::boolean[])",
                                     arrays: [PostgresArray(text: [String]()), PostgresArray(boolean: [])]).first == ["0", "0"])
        let positions = try connection.query("SELECT a, b FROM unnest($1::text[], $2::bigint[]) AS t(a, b)",
                                             arrays: [PostgresArray(text: ["x", "y"]), PostgresArray(bigint: [7, nil])])
        #expect(positions == [["x", "7"], ["y", nil]], "two arrays in one call, each its own parameter")
    }
}
