/// A ledger that could not be opened, read or written, with the database it concerns.
public struct LedgerError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let path: String
    /// The database is out of space (SQLITE_FULL): worth backing off, as a full spool is.
    public var isResourceExhausted = false
    /// Another writer held the lock past the busy timeout, or PostgreSQL found a deadlock.
    public var isBusy = false
    /// The database server is down, restarting or unreachable.
    public var isUnavailable = false
    /// The server did not answer within the gate's deadline (`LedgerDeadlines`); also unavailable.
    public var isTimedOut = false
    /// The ledger's file (or its write-ahead log) was deleted or replaced while the gate
    /// had it open: what the gate would write now would be lost.
    public var isReplaced = false

    public init(_ message: String, path: String, replaced: Bool = false) {
        self.message = message
        self.path = path
        isReplaced = replaced
    }

    public var description: String { "\(path): \(message)" }
}
