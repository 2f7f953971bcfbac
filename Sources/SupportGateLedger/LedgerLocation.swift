#if canImport(Glibc)
import Glibc
#endif
import SystemCalls

/// Where the ledger is: the one place that chooses between SQLite and PostgreSQL, for the
/// gate and for the command line alike.
public struct LedgerLocation: Sendable, Hashable {
    /// The SQLite file, used when there is no `url`.
    public let path: String
    /// A PostgreSQL URL, for several gates sharing one ledger.
    public let url: String?

    public init(path: String, url: String?) {
        self.path = path
        self.url = url
    }

    /// For messages.
    public var description: String { url.map(PostgresConnection.withoutPassword) ?? path }

    public var isShared: Bool { url != nil }

    /// What the ledger is opened for.
    public enum Access {
        /// The gate: creates the file and brings the schema up to date. `whileWaiting` is
        /// called about once a second while PostgreSQL keeps a call waiting.
        case gate(deadlines: LedgerDeadlines, whileWaiting: () -> Void)
        /// `ledger show`, `check`: creates nothing and changes nothing in a file.
        case reading
        /// `ledger release`, `ledger prune`: changes an existing ledger.
        case writing
    }

    /// Opens the ledger; nil when it is an SQLite file that does not exist yet (nothing
    /// recorded) and `access` does not create one. A PostgreSQL ledger connects at its
    /// first call.
    public func open(_ access: Access) throws(LedgerError) -> (any IncidentLedger)? {
        if let url {
            switch access {
            case .gate(let deadlines, let whileWaiting): return PostgresLedger(url: url, deadlines: deadlines, whileWaiting: whileWaiting)
            case .reading, .writing: return PostgresLedger(url: url)
            }
        }
        switch access {
        case .gate: return try SQLiteLedger(path: path)
        case .reading: return fileMissing ? nil : try SQLiteLedger(path: path, readOnly: true)
        case .writing: return fileMissing ? nil : try SQLiteLedger(path: path)
        }
    }

    /// Copies of the SQLite file saved after it was deleted or replaced while the gate ran,
    /// which the operator has not put back or moved away (`SQLiteLedger.savedCopies`).
    public var savedCopies: [String] {
        url == nil ? SQLiteLedger.savedCopies(of: path) : []
    }

    private var fileMissing: Bool {
        do throws(SystemCallError) {
            try SystemCall.access(path, F_OK)
            return false
        } catch {
            return error.errno == ENOENT
        }
    }
}

/// How a shared ledger names a gate: `host:spool-root/`, unique across the gates of one ledger.
public struct GateIdentity: Sendable, Hashable, CustomStringConvertible {
    public let name: String

    public init(name: String) {
        self.name = name
    }

    public init(spoolRoot: String) {
        name = "\(Self.hostName()):\(spoolRoot)/"
    }

    public var description: String { name }

    static func hostName() -> String {
        var name = [CChar](repeating: 0, count: 256)
        guard gethostname(&name, name.count - 1) == 0 else { return "localhost" }
        return String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
