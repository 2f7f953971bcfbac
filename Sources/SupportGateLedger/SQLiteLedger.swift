/// The incident ledger in an SQLite file (WAL, synchronous=FULL): allowances count down as
/// accepted drafts use incidents. One connection per thread; several connections, threads
/// or processes may share the file: each consumption is one `BEGIN IMMEDIATE` transaction,
/// which holds the database's single write lock while it counts and inserts, so the
/// allowance can never be overshot (tested with racing connections).
///
/// Not yet used by the gate (issue 12): the daemon still decides against the directory's
/// `incidents` alone.
public final class SQLiteLedger {
    private let connection: SQLiteConnection

    public var path: String { connection.path }

    public init(path: String) throws(LedgerError) {
        connection = try SQLiteConnection(path: path)
        try connection.execute("PRAGMA journal_mode=WAL")
        try connection.execute("PRAGMA synchronous=FULL")
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS consumption (
                partner_tenant_id TEXT NOT NULL,
                draft_id TEXT NOT NULL,
                entitlement_id TEXT NOT NULL,
                decision_id TEXT NOT NULL UNIQUE,
                draft_sha256 TEXT NOT NULL,
                consumed_at TEXT NOT NULL,
                released_at TEXT,
                release_reason TEXT,
                PRIMARY KEY (partner_tenant_id, draft_id)
            );
            CREATE INDEX IF NOT EXISTS consumption_in_force
                ON consumption (partner_tenant_id, entitlement_id) WHERE released_at IS NULL;
            """)
    }

    /// Uses one incident of the entitlement for this draft, unless `allowance` incidents
    /// are in use already, or this draft (partner, id, bytes) used one before.
    public func consume(_ consumption: Consumption, allowance: Int) throws(LedgerError) -> ConsumeOutcome {
        try transaction { () throws(LedgerError) -> ConsumeOutcome in
            var earlier: (sha: String, entitlement: String)?
            try connection.query("SELECT draft_sha256, entitlement_id FROM consumption WHERE partner_tenant_id = ?1 AND draft_id = ?2",
                                 [.text(consumption.partnerTenantId), .text(consumption.draftId)]) { row in
                earlier = (row.text(0) ?? "", row.text(1) ?? "")
            }
            let used = try inUse(partner: consumption.partnerTenantId, entitlement: consumption.entitlementId)
            if let earlier {
                return earlier.sha == consumption.draftSha256 ? .alreadyConsumed(left: max(0, allowance - used)) : .idUsedForOtherBytes
            }
            guard used < allowance else { return .exhausted }
            try connection.query("""
                INSERT INTO consumption (partner_tenant_id, draft_id, entitlement_id, decision_id, draft_sha256, consumed_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                """, [.text(consumption.partnerTenantId), .text(consumption.draftId), .text(consumption.entitlementId),
                      .text(consumption.decisionId), .text(consumption.draftSha256), .text(consumption.consumedAt)])
            return .consumed(left: allowance - used - 1)
        }
    }

    /// Incidents of the entitlement in use (consumed and not released).
    public func inUse(partner: String, entitlement: String) throws(LedgerError) -> Int {
        var count = 0
        try connection.query("SELECT COUNT(*) FROM consumption WHERE partner_tenant_id = ?1 AND entitlement_id = ?2 AND released_at IS NULL",
                             [.text(partner), .text(entitlement)]) { row in count = Int(row.integer(0)) }
        return count
    }

    /// Gives an incident back. Nil when no consumption has this decision id; a consumption
    /// released before stays as it was.
    public func release(decisionId: String, reason: String, at instant: String) throws(LedgerError) -> Consumption? {
        try transaction { () throws(LedgerError) -> Consumption? in
            try connection.query("UPDATE consumption SET released_at = ?2, release_reason = ?3 WHERE decision_id = ?1 AND released_at IS NULL",
                                 [.text(decisionId), .text(instant), .text(reason)])
            return try consumptions(where: "decision_id = ?1", [.text(decisionId)], limit: 1).first
        }
    }

    /// The most recent consumptions first, of one partner and, when given, one entitlement.
    public func recent(partner: String, entitlement: String? = nil, limit: Int = 20) throws(LedgerError) -> [Consumption] {
        if let entitlement {
            return try consumptions(where: "partner_tenant_id = ?1 AND entitlement_id = ?2", [.text(partner), .text(entitlement)], limit: limit)
        }
        return try consumptions(where: "partner_tenant_id = ?1", [.text(partner)], limit: limit)
    }

    private func consumptions(where condition: String, _ arguments: [SQLiteValue], limit: Int) throws(LedgerError) -> [Consumption] {
        var found: [Consumption] = []
        try connection.query("""
            SELECT partner_tenant_id, entitlement_id, decision_id, draft_id, draft_sha256, consumed_at, released_at, release_reason
            FROM consumption WHERE \(condition) ORDER BY consumed_at DESC, rowid DESC LIMIT \(max(0, limit))
            """, arguments) { row in
            found.append(Consumption(partnerTenantId: row.text(0) ?? "", entitlementId: row.text(1) ?? "", decisionId: row.text(2) ?? "",
                                     draftId: row.text(3) ?? "", draftSha256: row.text(4) ?? "", consumedAt: row.text(5) ?? "",
                                     releasedAt: row.text(6), releaseReason: row.text(7)))
        }
        return found
    }

    /// `BEGIN IMMEDIATE` takes the write lock at once (waiting up to the busy timeout), so
    /// what the body counts cannot change before it commits.
    private func transaction<Value>(_ body: () throws(LedgerError) -> Value) throws(LedgerError) -> Value {
        try connection.execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try connection.execute("COMMIT")
            return result
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }
}
