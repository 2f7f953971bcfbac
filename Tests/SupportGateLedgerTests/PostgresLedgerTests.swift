import Foundation
@testable import SupportGateLedger
import Testing

enum PostgresTestServer {
    static let url = ProcessInfo.processInfo.environment["SUPPORTGATE_TEST_POSTGRES_URL"]
}

/// The PostgreSQL ledger against a real server: `Scripts/test.sh` starts a throwaway
/// cluster (Tests/Postgres/cluster.sh) and passes its URL in SUPPORTGATE_TEST_POSTGRES_URL.
/// Each test works on partners of its own, so tests share the database safely.
@Suite("PostgreSQL incident ledger", .serialized, .enabled(if: PostgresTestServer.url != nil, "needs SUPPORTGATE_TEST_POSTGRES_URL (Scripts/test.sh sets it)"))
struct PostgresLedgerTests {
    static let url = PostgresTestServer.url
    let partner = "p-\(UUID().uuidString)"

    private func consumption(_ draftId: String, sha: String = "aa", entitlement: String = "premier-1", claim: String? = nil) -> Consumption {
        Consumption(partnerTenantId: partner, entitlementId: entitlement, decisionId: "decision-\(partner)-\(draftId)-\(sha)",
                    draftId: draftId, draftSha256: sha, consumedAt: "2026-12-01T12:00:00Z", claim: claim)
    }

    private func consume(_ ledger: PostgresLedger, _ consumption: Consumption, allowance: Int?) throws -> ConsumeOutcome {
        try ledger.transaction { (transaction) throws(LedgerError) in try transaction.consume(consumption, allowance: allowance) }
    }

    @Test("incidents count down to the allowance; repeats count once; other bytes under a used id consume nothing")
    func countsDown() throws {
        let ledger = PostgresLedger(url: Self.url!)
        #expect(try consume(ledger, consumption("d1"), allowance: 2) == .consumed(left: 1))
        #expect(try consume(ledger, consumption("d1"), allowance: 2) == .alreadyConsumed(left: 1))
        #expect(try consume(ledger, consumption("d1", sha: "bb"), allowance: 2) == .idUsedForOtherBytes)
        #expect(try consume(ledger, consumption("d2"), allowance: 2) == .consumed(left: 0))
        #expect(try consume(ledger, consumption("d3"), allowance: 2) == .exhausted)
        #expect(try consume(ledger, consumption("d4", entitlement: "premier-2"), allowance: 2) == .consumed(left: 1), "near miss: another entitlement")
        #expect(try ledger.inUse(partner: partner) == ["premier-1": 2, "premier-2": 1])
    }

    @Test("a release gives the incident back once; forget removes what a claim consumed, and the counts follow")
    func releaseAndForget() throws {
        let ledger = PostgresLedger(url: Self.url!)
        _ = try consume(ledger, consumption("d1"), allowance: 2)
        _ = try consume(ledger, consumption("d2", claim: "gate-a:1-d2.json"), allowance: 2)
        let released = try #require(try ledger.release(decisionId: "decision-\(partner)-d1-aa", reason: "not counted", at: "2026-12-02T09:00:00Z"))
        #expect(released.releasedNow && released.consumption.releaseReason == "not counted")
        #expect(try ledger.release(decisionId: "decision-\(partner)-d1-aa", reason: "again", at: "2026-12-03T09:00:00Z")?.releasedNow == false)
        #expect(try ledger.inUse(partner: partner, entitlement: "premier-1") == 1)
        let removed = try ledger.transaction { (transaction) throws(LedgerError) in try transaction.forget(claim: "gate-a:1-d2.json") }
        #expect(removed == 1)
        #expect(try ledger.inUse(partner: partner).isEmpty)
        #expect(try ledger.recent(partner: partner).map(\.draftId) == ["d1"])
    }

    @Test("two gates' connections, eight threads, racing for a 100-incident allowance: exactly 100 consumed, never one more")
    func racingGatesCannotOvershoot() throws {
        _ = try PostgresLedger(url: Self.url!).inUse(partner: partner)  // creates the tables
        let partner = self.partner
        RacingWriters.race { worker in
            let ledger = PostgresLedger(url: Self.url!)
            // Batches of five per transaction, as a gate commits them.
            return try (0..<10).flatMap { batch in
                try ledger.transaction { (transaction) throws(LedgerError) -> [ConsumeOutcome] in
                    try (0..<5).map { index throws(LedgerError) in
                        try transaction.consume(RacingWriters.draft(partner: partner, worker: worker, index: batch * 5 + index), allowance: 100)
                    }
                }
            }
        }
        #expect(try PostgresLedger(url: Self.url!).inUse(partner: partner, entitlement: "premier-1") == 100)
    }

    @Test("a batch's consumptions in one call give the outcomes and counts of the same requests asked one by one")
    func consumeAllAsOneByOne() throws {
        let ledger = PostgresLedger(url: Self.url!)
        let other = PostgresLedgerTests()
        for test in [self, other] {
            _ = try consume(ledger, test.consumption("released"), allowance: 3)
            _ = try ledger.release(decisionId: "decision-\(test.partner)-released-aa", reason: "given back", at: "2026-12-01T13:00:00Z")
        }
        let requests: (PostgresLedgerTests) -> [ConsumeRequest] = { test in [
            ConsumeRequest(test.consumption("d1"), allowance: 3),
            ConsumeRequest(test.consumption("d1"), allowance: 3),  // the same draft twice in one batch
            ConsumeRequest(test.consumption("d1", sha: "bb"), allowance: 3),
            ConsumeRequest(test.consumption("released"), allowance: 3),
            ConsumeRequest(test.consumption("d2"), allowance: 3),
            ConsumeRequest(test.consumption("d3"), allowance: 3),
            ConsumeRequest(test.consumption("d4"), allowance: 3),
            ConsumeRequest(test.consumption("d5", entitlement: "premier-2"), allowance: 1),
            ConsumeRequest(test.consumption("d6", entitlement: "premier-2"), allowance: 1),
            ConsumeRequest(test.consumption("d7", entitlement: "unlimited"), allowance: nil),
        ] }
        let together = try ledger.transaction { (transaction) throws(LedgerError) in try transaction.consumeAll(requests(self)) }
        let oneByOne = try requests(other).map { try consume(ledger, $0.consumption, allowance: $0.allowance) }
        #expect(together == oneByOne)
        // A released consumption counts no more, and its draft is not counted again.
        #expect(together == [.consumed(left: 2), .alreadyConsumed(left: 2), .idUsedForOtherBytes, .alreadyConsumed(left: 2),
                             .consumed(left: 1), .consumed(left: 0), .exhausted, .consumed(left: 0), .exhausted, .consumed(left: nil)])
        #expect(try ledger.inUse(partner: partner) == ["premier-1": 3, "premier-2": 1, "unlimited": 1])
        #expect(try ledger.inUse(partner: other.partner) == (try ledger.inUse(partner: partner)))
        #expect(try ledger.recent(partner: partner, limit: 100).count == 6, "released, d1, d2, d3, d5, d7")
    }

    @Test("hostile batches: eight threads on two gates' connections, each batch asking for two entitlements, half of them in the opposite order: no deadlock, no overshoot")
    func crossedBatchesCannotDeadlock() throws {
        _ = try PostgresLedger(url: Self.url!).inUse(partner: partner)
        let partner = self.partner
        RacingWriters.race { worker in
            let ledger = PostgresLedger(url: Self.url!)
            return try (0..<10).flatMap { batch in
                var requests = (0..<5).map { index in
                    let draft = RacingWriters.draft(partner: partner, worker: worker, index: batch * 5 + index)
                    let entitlement = index.isMultiple(of: 2) ? "premier-1" : "premier-2"
                    return ConsumeRequest(Consumption(partnerTenantId: partner, entitlementId: entitlement, decisionId: draft.decisionId,
                                                      draftId: draft.draftId, draftSha256: draft.draftSha256, consumedAt: draft.consumedAt),
                                          allowance: 50)
                }
                if worker.isMultiple(of: 2) { requests.reverse() }
                return try ledger.transaction { (transaction) throws(LedgerError) in try transaction.consumeAll(requests) }
            }
        }
        #expect(try PostgresLedger(url: Self.url!).inUse(partner: partner) == ["premier-1": 50, "premier-2": 50])
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
            #expect(error.isUnavailable)
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

    private func reservation(_ draftId: String, sha: String = "aa", uid: UInt32? = 1001, gate: String = "host-a:/spool/") -> DraftReservation {
        DraftReservation(partnerTenantId: partner, draftId: draftId, draftSha256: sha, submitterUID: uid, gate: gate, claim: "\(gate)1-\(draftId).json")
    }

    private func shared<Value>(_ ledger: PostgresLedger, _ body: (any SharedDecisionTransaction) throws(LedgerError) -> Value) throws -> Value {
        try ledger.transaction { (transaction) throws(LedgerError) in try body(transaction as! any SharedDecisionTransaction) }
    }

    private func decision(_ draftId: String, sha: String = "aa", gate: String = "host-a:/spool/", result: String = "{\"r\":1}") -> SharedDecision {
        SharedDecision(reservation: reservation(draftId, sha: sha, gate: gate), decisionId: "decision-\(draftId)-\(gate)", accepted: true,
                       result: Array(result.utf8))
    }

    @Test("a reserved id holds its decision once committed, a changed one as recorded; one given back is free; old ones are forgotten by age")
    func decidedDrafts() throws {
        let ledger = PostgresLedger(url: Self.url!)
        let first = decision("d1")
        #expect(try shared(ledger) { (transaction) throws(LedgerError) in try transaction.reserve([first, decision("d2")]) }.isEmpty)
        let changed = SharedDecision(reservation: first.reservation, decisionId: "decision-changed", accepted: false,
                                     result: Array("{\"a\": \"\\\"\"}\n".utf8))
        try shared(ledger) { (transaction) throws(LedgerError) in
            // Not this transaction's reservation: d2's row stays (and d1 is re-recorded).
            try transaction.record([changed])
        }
        let other = decision("d1", sha: "bb", gate: "host-b:/spool/")
        let earlier = try shared(ledger) { (transaction) throws(LedgerError) -> [Int: SharedDecision] in
            let found = try transaction.reserve([decision("d3", gate: "host-b:/spool/"), other])
            try transaction.unreserve([decision("d3", gate: "host-b:/spool/").reservation])
            return found
        }
        #expect(earlier.count == 1)
        #expect(earlier[1] == changed, "the first gate's decision and result file, exactly")
        #expect(try shared(ledger) { (transaction) throws(LedgerError) in try transaction.reserve([decision("d3")]) }.isEmpty,
                "an id given back in the transaction that reserved it is free")
        #expect(try shared(ledger) { (transaction) throws(LedgerError) -> [Int: SharedDecision] in
            try transaction.unreserve([other.reservation])  // another claim: d1's row is not its to give back
            return try transaction.reserve([other])
        }.count == 1, "unreserve removes only the rows of the claims it is given")
        try ledger.connection.query("UPDATE decided_draft SET decided_at = '2000-01-01T00:00:00Z' WHERE partner_tenant_id = $1 AND draft_id = 'd1'", [partner])
        #expect(try ledger.forgetDecisions(of: "host-b:/spool/", before: 946_771_200) == 0, "only the gate's own decisions")
        #expect(try ledger.forgetDecisions(of: "host-a:/spool/", before: 946_771_200) >= 1)  // 2000-01-02
        #expect(try shared(ledger) { (transaction) throws(LedgerError) -> Bool in
            let found = try transaction.reserve([other])
            try transaction.unreserve([other.reservation])
            return found.isEmpty
        }, "forgotten: decided anew")
    }
}
