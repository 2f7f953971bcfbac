import Foundation
@testable import SupportGateLedger
import SystemCalls
import Testing

/// A PostgreSQL server that stops answering costs the gate a fault within its deadlines,
/// never its watchdog: against a socket that accepts and never answers, and a server that
/// answers the start and then falls silent.
@Suite("Ledger deadlines: a silent server is a fault in time", .serialized)
struct LedgerDeadlineTests {
    static let short = LedgerDeadlines(connectMilliseconds: 400, statementMilliseconds: 600, transactionMilliseconds: 900)


    /// The error a transaction ends with, and how long it took (seconds).
    private func timedTransaction(_ ledger: PostgresLedger) -> (error: LedgerError?, seconds: Double) {
        let started = MonotonicClock.seconds()
        do throws(LedgerError) {
            _ = try LedgerSteps.accept(LedgerSteps.draft("d1"), allowance: 5, in: ledger)
            return (nil, MonotonicClock.seconds() - started)
        } catch {
            return (error, MonotonicClock.seconds() - started)
        }
    }

    @Test("a server that accepts the connection and never answers: a timed-out fault after the connect deadline, not a hang")
    func silentAtConnect() throws {
        let server = try SilentPostgresServer(completesStartup: false)
        defer { server.stop() }
        let (error, seconds) = timedTransaction(PostgresLedger(url: server.url, deadlines: Self.short))
        #expect(error?.kind == .timedOut, "\(String(describing: error))")
        #expect(error?.message.contains("cannot connect within") == true, "\(String(describing: error))")
        #expect(seconds >= 0.35 && seconds < 2, "took \(seconds) s for a 0.4 s connect deadline")
    }

    @Test("a server that completes the start and then falls silent: the statement deadline ends the wait, the connection is dropped and opened anew")
    func silentAtStatement() throws {
        let server = try SilentPostgresServer(completesStartup: true)
        defer { server.stop() }
        let ledger = PostgresLedger(url: server.url, deadlines: Self.short)
        let (error, seconds) = timedTransaction(ledger)
        #expect(error?.kind == .timedOut, "\(String(describing: error))")
        #expect(error?.message.contains("no answer within") == true, "\(String(describing: error))")
        #expect(seconds >= 0.55 && seconds < 2.5, "took \(seconds) s for a 0.6 s statement deadline")
        let (again, _) = timedTransaction(ledger)
        #expect(again?.kind == .timedOut, "\(String(describing: again))")
        // The server thread counts the second connection once it has seen the first one close.
        for _ in 0..<50 where server.connections < 2 { usleep(20_000) }
        #expect(server.connections == 2, "the silent connection was dropped, and the next call connected again: \(String(describing: again))")
    }

    @Test("a server that answers a few statements and then falls silent mid-transaction: the whole transaction ends by its deadline, and no ROLLBACK waits on a dead connection")
    func silentMidTransaction() throws {
        // Answered: the two SETs after connecting, the schema's version check and the BEGIN
        // of its transaction. Not answered: the first statement inside it, whose deadline
        // is the transaction's (0.7 s), long before the statement's own (3 s).
        let server = try SilentPostgresServer(completesStartup: true, answeredStatements: 4)
        defer { server.stop() }
        let deadlines = LedgerDeadlines(connectMilliseconds: 400, statementMilliseconds: 3_000, transactionMilliseconds: 700)
        let (error, seconds) = timedTransaction(PostgresLedger(url: server.url, deadlines: deadlines))
        #expect(error?.kind == .timedOut, "\(String(describing: error))")
        #expect(seconds >= 0.65 && seconds < 2, "took \(seconds) s for a 0.7 s transaction deadline")
        // A ROLLBACK on a new connection would have been counted by now, or within moments.
        for _ in 0..<25 where server.connections < 2 { usleep(20_000) }
        #expect(server.connections == 1, "no ROLLBACK was sent on a new connection")
    }

    @Test("a server silent at the schema's check before the first transaction: the commit's one deadline covers the check too")
    func silentAtSchemaCheck() throws {
        // Answered: the two SETs after connecting; not the schema's version check.
        let server = try SilentPostgresServer(completesStartup: true, answeredStatements: 2)
        defer { server.stop() }
        let deadlines = LedgerDeadlines(connectMilliseconds: 400, statementMilliseconds: 3_000, transactionMilliseconds: 700)
        let (error, seconds) = timedTransaction(PostgresLedger(url: server.url, deadlines: deadlines))
        #expect(error?.kind == .timedOut, "\(String(describing: error))")
        #expect(seconds >= 0.65 && seconds < 2, "took \(seconds) s for a 0.7 s transaction deadline")
    }

    @Test("while a call waits on its deadline, the gate is told about once a second (it feeds its watchdog), and never after the deadline")
    func toldWhileWaiting() throws {
        let server = try SilentPostgresServer(completesStartup: true)
        defer { server.stop() }
        final class Ticks { var count = 0 }
        let ticks = Ticks()
        let deadlines = LedgerDeadlines(connectMilliseconds: 400, statementMilliseconds: 2_500, transactionMilliseconds: 5_000)
        let (error, seconds) = timedTransaction(PostgresLedger(url: server.url, deadlines: deadlines, whileWaiting: { ticks.count += 1 }))
        #expect(error?.kind == .timedOut, "\(String(describing: error))")
        #expect(seconds >= 2.45 && seconds < 4, "took \(seconds) s for a 2.5 s statement deadline")
        #expect(ticks.count == 2, "a 2.5 s wait in slices of 1 s: told twice, not \(ticks.count) times")
    }

    @Test("deadlines fit the watchdog: the standard ones under the unit's 20 s, shorter under a shorter watchdog, never under 0.5 s")
    func fitTheWatchdog() {
        #expect(LedgerDeadlines.fitting(watchdogMicroseconds: nil) == .standard)
        #expect(LedgerDeadlines.fitting(watchdogMicroseconds: 20_000_000) == .standard)
        let standard = LedgerDeadlines.standard
        #expect(standard.transactionMilliseconds + standard.statementMilliseconds < 20_000, "a transaction and its ROLLBACK within the watchdog")
        let short = LedgerDeadlines.fitting(watchdogMicroseconds: 5_000_000)
        #expect(short == LedgerDeadlines(connectMilliseconds: 1_000, statementMilliseconds: 1_500, transactionMilliseconds: 2_000))
        #expect(LedgerDeadlines.fitting(watchdogMicroseconds: 1_000_000).connectMilliseconds == 500)
    }
}
