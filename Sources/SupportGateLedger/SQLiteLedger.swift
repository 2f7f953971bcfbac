#if canImport(Glibc)
import Glibc
#endif
import SystemCalls

/// The ledger in an SQLite file (WAL, synchronous=FULL). One connection per thread; several
/// connections, threads or processes may share the file: every write is a `BEGIN IMMEDIATE`
/// transaction, which holds the database's single write lock while it reads, counts and
/// inserts, so the allowance can never be overshot (tested with racing connections). The
/// incidents in use per entitlement are kept in `entitlement_use`, so counting is one lookup
/// however many incidents were ever used.
public final class SQLiteLedger: IncidentLedger {
    private let connection: SQLiteConnection

    public var location: String { connection.path }

    /// Opens the file, creating it and its table when missing. `readOnly` opens an existing
    /// file for reading only (`check`, `ledger show`) and creates nothing.
    /// `busyTimeoutMilliseconds`: how long a write waits for another connection's lock
    /// before it fails as busy (tests shorten it).
    public init(path: String, readOnly: Bool = false, busyTimeoutMilliseconds: Int32 = 5_000) throws(LedgerError) {
        connection = try SQLiteConnection(path: path, readOnly: readOnly, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        if readOnly {
            let version = try SQLiteLedgerSchema.version(of: connection)
            guard version == SQLiteLedgerSchema.version else {
                throw LedgerError("the ledger is at schema \(version), not \(SQLiteLedgerSchema.version): the gate brings it up to date when it starts", path: path)
            }
            return
        }
        try connection.execute("PRAGMA journal_mode=WAL")
        try connection.execute("PRAGMA synchronous=FULL")
        try SQLiteLedgerSchema.prepare(connection)
        // In WAL mode the log exists from the first write until the last connection closes:
        // this one stays open, so both files must stay where they are.
        connection.filesInPlace = try LedgerFilesInPlace(paths: [path, path + "-wal"])
    }

    /// Where the ledger's counts were saved after its file was deleted or replaced, once.
    private var savedCopy: String?

    public func transaction<Value>(_ body: (any LedgerTransaction) throws(LedgerError) -> Value) throws(LedgerError) -> Value {
        do {
            return try connection.inTransaction { () throws(LedgerError) in try body(Transaction(connection: connection)) }
        } catch where error.kind == .replaced {
            throw LedgerError("\(error.message); \(saveWhatIsOpen())", path: error.path, kind: .replaced)
        }
    }

    /// The counts are still readable through the open connection (the deleted files live on
    /// while it holds them): copied to a new file beside the ledger, once, so that the
    /// operator can put them back. Deciding on stops until then: the gate never counts
    /// from a ledger it cannot keep.
    private func saveWhatIsOpen() -> String {
        if let savedCopy { return "its counts were saved to \(savedCopy); \(Self.whatToDo)" }
        let target = "\(connection.path).saved-\(time(nil))"
        do throws(LedgerError) {
            try connection.query("VACUUM INTO ?1", [.text(target)])
        } catch {
            return "its counts could not be saved (\(error.message)); \(Self.whatToDo)"
        }
        savedCopy = target
        return "its counts were saved to \(target); \(Self.whatToDo)"
    }

    /// Copies saved beside the ledger at `path` after its file was deleted or replaced, which
    /// the operator has not yet put back or moved away: the gate must not start on whatever
    /// is at the path (a new, empty ledger) while one is there.
    public static func savedCopies(of path: String) -> [String] {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let prefix = String(path[(slash.map { path.index(after: $0) } ?? path.startIndex)...]) + ".saved-"
        guard let directory = try? DirectoryStream(path: folder.isEmpty ? "/" : folder) else { return [] }
        var found: [String] = []
        // A listing that fails part-way gives the copies found so far.
        while let name = try? directory.nextName() {
            if name.hasPrefix(prefix) { found.append("\(folder)/\(name)") }
        }
        return found.sorted()
    }

    private static let whatToDo = "nothing is decided until the gate is restarted on a ledger in place (docs/operations.md, \"The ledger's file was deleted or replaced\")"

    public func inUse(partner: String) throws(LedgerError) -> [String: Int] {
        try Transaction(connection: connection).inUse(partner: partner)
    }

    public func release(decisionId: String, reason: String, at instant: String) throws(LedgerError) -> (draft: AcceptedDraft, releasedNow: Bool)? {
        try transaction { (transaction) throws(LedgerError) -> (draft: AcceptedDraft, releasedNow: Bool)? in
            var released: [EntitlementKey: Int] = [:]
            try connection.query(sql["release"], [.text(decisionId), .text(instant), .text(reason)]) { row in
                released[EntitlementKey(partner: row.text(0) ?? "", entitlementId: row.text(1) ?? ""), default: 0] -= 1
            }
            try transaction.addToCounts(released)
            var found: AcceptedDraft?
            try connection.query(sql["by-decision"], [.text(decisionId)]) { found = Self.acceptedDraft($0) }
            guard let found, found.entitlementId != nil else { return nil }
            return (found, !released.isEmpty)
        }
    }

    public func recent(partner: String, entitlement: String? = nil, limit: Int = 20) throws(LedgerError) -> [AcceptedDraft] {
        var found: [AcceptedDraft] = []
        try connection.query(sql["recent"], [.text(partner), entitlement.map(SQLiteValue.text) ?? .null, .integer(Int64(max(0, limit)))]) {
            found.append(Self.acceptedDraft($0))
        }
        return found
    }

    public func partners() throws(LedgerError) -> [String] {
        var found: [String] = []
        try connection.query(sql["partners"]) { row in found.append(row.text(0) ?? "") }
        return found
    }

    public func prune(decidedBefore instant: String) throws(LedgerError) -> Int {
        var forgotten = 0
        while true {
            let removed = try transaction { (_) throws(LedgerError) -> Int in
                try connection.query(sql["prune"], [.text(instant), .integer(10_000)])
                return connection.changes
            }
            forgotten += removed
            if removed == 0 { return forgotten }
        }
    }

    private var sql: LedgerSQL { .sqlite }

    static func acceptedDraft(_ row: SQLiteRow) -> AcceptedDraft {
        AcceptedDraft(partnerTenantId: row.text(0) ?? "", draftId: row.text(1) ?? "",
                      submitterUID: row.isNull(2) ? nil : UInt32(exactly: row.integer(2)), draftSha256: row.text(3) ?? "",
                      decisionId: row.text(4) ?? "", decidedAt: row.text(5) ?? "", entitlementId: row.text(6), gate: row.text(7),
                      result: Array((row.text(8) ?? "").utf8), releasedAt: row.text(9), releaseReason: row.text(10))
    }

    /// The statements of one transaction, on the ledger's connection: writes only inside
    /// `transaction(_:)` (BEGIN IMMEDIATE holds the file's one write lock, so the locks the
    /// protocol asks for are already held); the ledger's own reads use them outside one too.
    private struct Transaction: LedgerTransaction {
        let connection: SQLiteConnection

        var location: String { connection.path }

        private var sql: LedgerSQL { .sqlite }

        func acceptedDrafts(_ keys: [DraftIdKey]) throws(LedgerError) -> [DraftIdKey: AcceptedDraft] {
            var found: [DraftIdKey: AcceptedDraft] = [:]
            for key in keys where found[key] == nil {
                try connection.query(sql["accepted-draft"], [.text(key.partner), .text(key.draftId)]) { row in
                    found[key] = SQLiteLedger.acceptedDraft(row)
                }
            }
            return found
        }

        func lockCounts(_ keys: [EntitlementKey]) throws(LedgerError) -> [EntitlementKey: Int] {
            var counts: [EntitlementKey: Int] = [:]
            for key in keys where counts[key] == nil {
                var count = 0
                try connection.query(sql["in-use"], [.text(key.partner), .text(key.entitlementId)]) { count = Int($0.integer(0)) }
                counts[key] = count
            }
            return counts
        }

        func inUse(partner: String) throws(LedgerError) -> [String: Int] {
            var counts: [String: Int] = [:]
            try connection.query(sql["in-use-of-partner"], [.text(partner)]) { row in counts[row.text(0) ?? ""] = Int(row.integer(1)) }
            return counts
        }

        func insert(_ drafts: [AcceptedDraft]) throws(LedgerError) {
            for draft in drafts {
                try connection.query(sql["insert"], [
                    .text(draft.partnerTenantId), .text(draft.draftId), draft.submitterUID.map { .integer(Int64($0)) } ?? .null,
                    .text(draft.draftSha256), .text(draft.decisionId), .text(draft.decidedAt), draft.entitlementId.map(SQLiteValue.text) ?? .null,
                    draft.gate.map(SQLiteValue.text) ?? .null, .text(String(decoding: draft.result, as: UTF8.self)),
                ])
            }
        }

        func addToCounts(_ added: [EntitlementKey: Int]) throws(LedgerError) {
            for (key, count) in added.sorted(by: { $0.key < $1.key }) where count != 0 {
                try connection.query(sql["add-to-count"], [.text(key.partner), .text(key.entitlementId), .integer(Int64(count))])
            }
        }

        func importAccepted(_ drafts: [AcceptedDraft]) throws(LedgerError) -> Int {
            var changed = 0
            for draft in drafts {
                try connection.query(sql["import"], [
                    .text(draft.partnerTenantId), .text(draft.draftId), draft.submitterUID.map { .integer(Int64($0)) } ?? .null,
                    .text(draft.draftSha256), .text(draft.decisionId), .text(draft.decidedAt), draft.gate.map(SQLiteValue.text) ?? .null,
                    .text(String(decoding: draft.result, as: UTF8.self)),
                ])
                changed += connection.changes
            }
            return changed
        }

        func spoolImported(gate: String) throws(LedgerError) -> String? {
            var found: String?
            try connection.query(sql["imported"], [.text(gate)]) { found = $0.text(0) }
            return found
        }

        func markSpoolImported(gate: String, at instant: String) throws(LedgerError) {
            try connection.query(sql["mark-imported"], [.text(gate), .text(instant)])
        }
    }
}
