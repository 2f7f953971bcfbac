/// How long the gate waits for a database server, on its own clock: a server that stops
/// answering (frozen, swapped out, a network that drops packets) must cost the gate a
/// fault and a retry, never its watchdog. libpq's own `connect_timeout` covers only the
/// connection, and the server's `statement_timeout` only a server that still runs.
public struct LedgerDeadlines: Sendable, Equatable {
    /// From the first packet to a connection ready for queries.
    public let connectMilliseconds: Int
    /// From sending one statement to its last result.
    public let statementMilliseconds: Int
    /// From the batch's first statement (connecting included) to the COMMIT, which then has
    /// a statement deadline of its own: a server that answers each statement just in time
    /// still cannot hold the loop longer than this plus one statement.
    public let transactionMilliseconds: Int

    public init(connectMilliseconds: Int, statementMilliseconds: Int, transactionMilliseconds: Int) {
        self.connectMilliseconds = connectMilliseconds
        self.statementMilliseconds = statementMilliseconds
        self.transactionMilliseconds = transactionMilliseconds
    }

    /// For the shipped unit's 20 s watchdog: a batch's statements give up after 8 s, and the
    /// COMMIT (or the ROLLBACK on a live connection) is one more statement (6 s): 14 s in all.
    public static let standard = LedgerDeadlines(connectMilliseconds: 4_000, statementMilliseconds: 6_000, transactionMilliseconds: 8_000)

    /// The standard deadlines, shortened to fit a shorter watchdog: a transaction and its
    /// COMMIT or ROLLBACK take at most 70 % of the interval, leaving the rest for the turn's
    /// other work. Never under 500 ms: a healthy server answers in milliseconds.
    public static func fitting(watchdogMicroseconds: UInt64?) -> LedgerDeadlines {
        guard let watchdogMicroseconds else { return standard }
        let interval = Int(clamping: watchdogMicroseconds / 1_000)
        func share(_ percent: Int, _ standard: Int) -> Int { max(500, min(standard, interval * percent / 100)) }
        return LedgerDeadlines(connectMilliseconds: share(20, Self.standard.connectMilliseconds),
                               statementMilliseconds: share(30, Self.standard.statementMilliseconds),
                               transactionMilliseconds: share(40, Self.standard.transactionMilliseconds))
    }
}
