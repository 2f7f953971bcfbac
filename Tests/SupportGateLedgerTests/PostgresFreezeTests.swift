import Foundation
@testable import SupportGateLedger
import SystemCalls
import Testing

/// A real server's backend frozen (SIGSTOP, as a hung server is) while the ledger waits on
/// it: the call gives up by its deadline, and a COMMIT whose outcome was never heard is
/// settled safely when the same consumption is asked again after the thaw. Needs root (to
/// stop the server's process) and SUPPORTGATE_TEST_POSTGRES_URL.
@Suite("PostgreSQL incident ledger: a frozen server", .serialized,
       .enabled(if: PostgresTestServer.url != nil && getuid() == 0, "needs SUPPORTGATE_TEST_POSTGRES_URL and root"))
struct PostgresFreezeTests {
    let partner = "p-\(UUID().uuidString)"
    static let deadlines = LedgerDeadlines(connectMilliseconds: 1_000, statementMilliseconds: 1_500, transactionMilliseconds: 2_000)

    private func draft(_ draftId: String) -> AcceptedDraft {
        LedgerSteps.draft(draftId, partner: partner)
    }

    private func backend(of ledger: PostgresLedger) throws -> pid_t {
        try #require(ledger.connection.query("SELECT pg_backend_pid()").first?[0].flatMap { pid_t($0) })
    }

    @Test("a backend frozen mid-statement: a timed-out fault by the deadline; the next call connects anew")
    func frozenStatement() throws {
        let ledger = PostgresLedger(url: PostgresTestServer.url!, deadlines: Self.deadlines)
        _ = try ledger.inUse(partner: partner)
        let pid = try backend(of: ledger)
        #expect(kill(pid, SIGSTOP) == 0)
        let started = MonotonicClock.seconds()
        var failure: LedgerError?
        do throws(LedgerError) {
            _ = try ledger.inUse(partner: partner)
        } catch {
            failure = error
        }
        let seconds = MonotonicClock.seconds() - started
        #expect(kill(pid, SIGCONT) == 0)
        #expect(failure?.kind == .timedOut, "\(String(describing: failure))")
        #expect(seconds >= 1.4 && seconds < 3, "took \(seconds) s for a 1.5 s statement deadline")
        #expect(try ledger.inUse(partner: partner).isEmpty, "works again after the thaw")
        #expect(try backend(of: ledger) != pid, "on a new connection")
    }

    @Test("a backend frozen just before COMMIT: the gate gives up without knowing; after the thaw the COMMIT lands, and asking again counts nothing twice")
    func frozenCommit() throws {
        let ledger = PostgresLedger(url: PostgresTestServer.url!, deadlines: Self.deadlines)
        _ = try ledger.inUse(partner: partner)
        var frozen: pid_t = 0
        var failure: LedgerError?
        do throws(LedgerError) {
            _ = try ledger.transaction { (transaction) throws(LedgerError) in
                let outcome = try LedgerSteps.accept(draft("d1"), allowance: 5, in: transaction)
                frozen = try ledger.connection.query("SELECT pg_backend_pid()").first?[0].flatMap { pid_t($0) } ?? 0
                kill(frozen, SIGSTOP)
                return outcome
            }
        } catch {
            failure = error
        }
        #expect(failure?.kind == .timedOut, "the COMMIT had no answer: \(String(describing: failure))")
        #expect(frozen > 0 && kill(frozen, SIGCONT) == 0)
        // The thawed backend reads the COMMIT it was sent, then the connection's end.
        let observer = PostgresLedger(url: PostgresTestServer.url!)
        var inUse = 0
        for _ in 0..<50 {
            inUse = try LedgerSteps.inUse(observer, partner: partner)
            if inUse == 1 { break }
            usleep(100_000)
        }
        #expect(inUse == 1, "the COMMIT the gate gave up on did commit")
        let again = try LedgerSteps.accept(draft("d1"), allowance: 5, in: ledger)
        #expect(again == .found(decisionId: draft("d1").decisionId), "decided again, the draft finds its own acceptance")
        #expect(try LedgerSteps.inUse(observer, partner: partner) == 1, "counted once")
    }
}
