/// A ledger that could not be opened, read or written, with the database it concerns and
/// what kind of failure it was: the kind decides how the gate backs off, and is what the
/// journal (LEDGER_FAULT) and STATUS= show.
public struct LedgerError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// The ledger's file (or its write-ahead log) was deleted or replaced while the gate
        /// had it open: what the gate would write now would be lost.
        case replaced = "file deleted or replaced"
        /// The server did not answer within the gate's deadline (`LedgerDeadlines`).
        case timedOut = "timed out"
        /// The database server is down, restarting or unreachable.
        case unavailable
        /// The database is out of space (SQLITE_FULL, PostgreSQL class 53).
        case full
        /// Another writer held the lock past the busy timeout, or PostgreSQL found a deadlock
        /// or a serialization failure.
        case busy
        /// Anything else: a schema of another version, a corrupt file, a failed statement.
        case other = "error"
    }

    public let message: String
    /// The ledger's file, or its PostgreSQL URL without the password (`LedgerLocation`).
    public let path: String
    public var kind: Kind

    public init(_ message: String, path: String, kind: Kind = .other) {
        self.message = message
        self.path = path
        self.kind = kind
    }

    public var description: String { "\(path): \(message)" }
}
