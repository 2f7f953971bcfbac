#if canImport(Glibc)
import Glibc
#endif

/// The incident ledger in an SQLite file (WAL, synchronous=FULL): allowances count down as
/// accepted drafts use incidents. One connection per thread; several connections, threads
/// or processes may share the file: every write is a `BEGIN IMMEDIATE` transaction, which
/// holds the database's single write lock while it counts and inserts, so the allowance
/// can never be overshot (tested with racing connections). The incidents in use per
/// entitlement are kept by triggers in `entitlement_use`, so counting is one lookup however
/// many incidents were ever used.
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
        } catch where error.isReplaced {
            throw LedgerError("\(error.message); \(saveWhatIsOpen())", path: error.path, replaced: true)
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
        guard let directory = opendir(folder.isEmpty ? "/" : folder) else { return [] }
        defer { closedir(directory) }
        var found: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasPrefix(prefix) { found.append("\(folder)/\(name)") }
        }
        return found.sorted()
    }

    private static let whatToDo = "nothing is decided until the gate is restarted on a ledger in place (docs/operations.md, \"The ledger's file was deleted or replaced\")"

    /// One consumption in a transaction of its own.
    public func consume(_ consumption: Consumption, allowance: Int?) throws(LedgerError) -> ConsumeOutcome {
        try transaction { (transaction) throws(LedgerError) in try transaction.consume(consumption, allowance: allowance) }
    }

    public func inUse(partner: String) throws(LedgerError) -> [String: Int] {
        try Transaction(connection: connection).inUse(partner: partner)
    }

    public func release(decisionId: String, reason: String, at instant: String) throws(LedgerError) -> (consumption: Consumption, releasedNow: Bool)? {
        try transaction { (_) throws(LedgerError) -> (consumption: Consumption, releasedNow: Bool)? in
            try connection.query("UPDATE consumption SET released_at = ?2, release_reason = ?3 WHERE decision_id = ?1 AND released_at IS NULL",
                                 [.text(decisionId), .text(instant), .text(reason)])
            let releasedNow = connection.changes > 0
            return try consumptions(where: "decision_id = ?1", [.text(decisionId)], limit: 1).first.map { ($0, releasedNow) }
        }
    }

    public func recent(partner: String, entitlement: String? = nil, limit: Int = 20) throws(LedgerError) -> [Consumption] {
        if let entitlement {
            return try consumptions(where: "partner_tenant_id = ?1 AND entitlement_id = ?2", [.text(partner), .text(entitlement)], limit: limit)
        }
        return try consumptions(where: "partner_tenant_id = ?1", [.text(partner)], limit: limit)
    }

    public func partners() throws(LedgerError) -> [String] {
        var found: [String] = []
        try connection.query("SELECT DISTINCT partner_tenant_id FROM consumption ORDER BY partner_tenant_id") { row in
            found.append(row.text(0) ?? "")
        }
        return found
    }

    private func consumptions(where condition: String, _ arguments: [SQLiteValue], limit: Int) throws(LedgerError) -> [Consumption] {
        var found: [Consumption] = []
        try connection.query("""
            SELECT partner_tenant_id, entitlement_id, decision_id, draft_id, draft_sha256, consumed_at, claim, released_at, release_reason
            FROM consumption WHERE \(condition) ORDER BY consumed_at DESC, rowid DESC LIMIT \(max(0, limit))
            """, arguments) { row in
            found.append(Consumption(partnerTenantId: row.text(0) ?? "", entitlementId: row.text(1) ?? "", decisionId: row.text(2) ?? "",
                                     draftId: row.text(3) ?? "", draftSha256: row.text(4) ?? "", consumedAt: row.text(5) ?? "",
                                     claim: row.text(6), releasedAt: row.text(7), releaseReason: row.text(8)))
        }
        return found
    }

    /// The statements of one transaction, on the ledger's connection: writes only inside
    /// `transaction(_:)`; the ledger's own reads use them outside one too.
    private struct Transaction: LedgerTransaction {
        let connection: SQLiteConnection

        var location: String { connection.path }

        func consume(_ consumption: Consumption, allowance: Int?) throws(LedgerError) -> ConsumeOutcome {
            var earlier: (sha: String, released: Bool)?
            try connection.query("SELECT draft_sha256, released_at IS NOT NULL FROM consumption WHERE partner_tenant_id = ?1 AND draft_id = ?2",
                                 [.text(consumption.partnerTenantId), .text(consumption.draftId)]) { row in
                earlier = (row.text(0) ?? "", row.integer(1) != 0)
            }
            let used = try allowance == nil ? 0 : inUse(partner: consumption.partnerTenantId, entitlement: consumption.entitlementId)
            if let earlier {
                guard earlier.sha == consumption.draftSha256 else { return .idUsedForOtherBytes }
                if !earlier.released {
                    // The result that stands from now on is this decision's. The claim stays the
                    // one that created the consumption: only that draft's failure may undo it.
                    try connection.query("UPDATE consumption SET decision_id = ?3 WHERE partner_tenant_id = ?1 AND draft_id = ?2",
                                         [.text(consumption.partnerTenantId), .text(consumption.draftId), .text(consumption.decisionId)])
                }
                return .alreadyConsumed(left: allowance.map { max(0, $0 - used) })
            }
            if let allowance, used >= allowance { return .exhausted }
            try connection.query("""
                INSERT INTO consumption (partner_tenant_id, draft_id, entitlement_id, decision_id, draft_sha256, consumed_at, claim)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                """, [.text(consumption.partnerTenantId), .text(consumption.draftId), .text(consumption.entitlementId),
                      .text(consumption.decisionId), .text(consumption.draftSha256), .text(consumption.consumedAt),
                      consumption.claim.map(SQLiteValue.text) ?? .null])
            return .consumed(left: allowance.map { $0 - used - 1 })
        }

        func inUse(partner: String) throws(LedgerError) -> [String: Int] {
            var counts: [String: Int] = [:]
            try connection.query("SELECT entitlement_id, in_use FROM entitlement_use WHERE partner_tenant_id = ?1 AND in_use > 0",
                                 [.text(partner)]) { row in counts[row.text(0) ?? ""] = Int(row.integer(1)) }
            return counts
        }

        func inUse(partner: String, entitlement: String) throws(LedgerError) -> Int {
            var count = 0
            try connection.query("SELECT in_use FROM entitlement_use WHERE partner_tenant_id = ?1 AND entitlement_id = ?2",
                                 [.text(partner), .text(entitlement)]) { row in count = Int(row.integer(0)) }
            return count
        }

        func forget(claim: String) throws(LedgerError) -> Int {
            try connection.query("DELETE FROM consumption WHERE claim = ?1", [.text(claim)])
            return connection.changes
        }
    }
}
