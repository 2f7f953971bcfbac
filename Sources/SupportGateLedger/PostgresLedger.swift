/// The incident ledger in PostgreSQL, for several gates (on several spools or hosts) that
/// share one count. A batch's consumptions lock their entitlements' counter rows (an upsert,
/// in `supportgate_consume_all`) inside the batch's transaction, so gates consuming the same
/// entitlement take turns and the allowance cannot be overshot; a draft id's consumption
/// is unique per partner across every gate. Every decision that uses up a draft id is kept
/// in `decided_draft` (`PostgresLedger+SharedDecisions.swift`), so the same draft dropped at
/// two gates is decided once.
public final class PostgresLedger: IncidentLedger {
    let connection: PostgresConnection

    public var location: String { connection.location }

    public var sharesDecisions: Bool { true }

    private var schemaReady = false

    /// Connects, and creates the tables, at the first use: a server that is down at start
    /// is a fault the gate backs off from. No call waits for the server past `deadlines`;
    /// `whileWaiting` is called about once a second meanwhile (the gate feeds its watchdog).
    public init(url: String, deadlines: LedgerDeadlines = .standard, whileWaiting: @escaping () -> Void = {}) {
        connection = PostgresConnection(url: url, deadlines: deadlines, whileWaiting: whileWaiting)
    }

    /// The tables' version, kept in `supportgate_schema`: 2 adds the decided draft ids to the
    /// counts of the first release (which kept no version: read as 0), 3 a batch's
    /// consumptions in one call (`supportgate_consume_all`).
    static let schemaVersion = 3

    /// Creates or updates the tables, once per ledger object, only when the database is at an
    /// older version: DDL takes table locks even when it changes nothing, and would deadlock
    /// with another gate's batch in flight.
    func prepareSchema() throws(LedgerError) {
        guard !schemaReady else { return }
        guard try schemaVersionFound() < Self.schemaVersion else {
            schemaReady = true
            return
        }
        try connection.inTransaction { () throws(LedgerError) in
            // Two gates starting at once must not both create the tables.
            try connection.query("SELECT pg_advisory_xact_lock(7261776514)")
            guard try schemaVersionFound() < Self.schemaVersion else { return }
            try connection.query("""
                CREATE TABLE IF NOT EXISTS consumption (
                    partner_tenant_id text NOT NULL,
                    draft_id text NOT NULL,
                    entitlement_id text NOT NULL,
                    decision_id text NOT NULL UNIQUE,
                    draft_sha256 text NOT NULL,
                    consumed_at text NOT NULL,
                    claim text,
                    released_at text,
                    release_reason text,
                    PRIMARY KEY (partner_tenant_id, draft_id)
                )
                """)
            try connection.query("CREATE INDEX IF NOT EXISTS consumption_by_claim ON consumption (claim) WHERE claim IS NOT NULL")
            try connection.query("""
                CREATE TABLE IF NOT EXISTS entitlement_use (
                    partner_tenant_id text NOT NULL,
                    entitlement_id text NOT NULL,
                    in_use integer NOT NULL CHECK (in_use >= 0),
                    PRIMARY KEY (partner_tenant_id, entitlement_id)
                )
                """)
            try connection.query(Self.consumeAllFunction)
            try connection.query(Self.decidedDraftTable)
            try connection.query("CREATE INDEX IF NOT EXISTS decided_draft_by_age ON decided_draft (decided_at)")
            try connection.query("CREATE TABLE IF NOT EXISTS supportgate_schema (version integer NOT NULL)")
            try connection.query("DELETE FROM supportgate_schema")
            try connection.query("INSERT INTO supportgate_schema VALUES ($1::integer)", [String(Self.schemaVersion)])
        }
        schemaReady = true
    }

    /// 0 for a database without the version table (new, or made by the first release, which
    /// the update brings up to date with `IF NOT EXISTS`). A newer version is used as it is:
    /// later versions only add tables and functions. Draft ids are shared only among gates of
    /// one version from 3 on: a version-2 gate would adopt a version-3 acceptance without the
    /// `submission` it leaves out, so every gate of a ledger is stopped before any is upgraded
    /// (docs/operations.md).
    private func schemaVersionFound() throws(LedgerError) -> Int {
        guard try connection.query("SELECT to_regclass('supportgate_schema') IS NOT NULL").first?[0] == "t" else { return 0 }
        return try connection.query("SELECT coalesce(max(version), 0) FROM supportgate_schema").first?[0].flatMap { Int($0) } ?? 0
    }

    /// An incident no longer in use (released, or forgotten with its claim): $1 partner, $2 entitlement.
    static let uncount = "UPDATE entitlement_use SET in_use = in_use - 1 WHERE partner_tenant_id = $1 AND entitlement_id = $2"

    /// The schema's check (once) and the transaction share one deadline: a batch's commit
    /// never waits for the server longer than `LedgerDeadlines.transactionMilliseconds`.
    public func transaction<Value>(_ body: (any LedgerTransaction) throws(LedgerError) -> Value) throws(LedgerError) -> Value {
        try connection.withinTransactionDeadline { () throws(LedgerError) in
            try prepareSchema()
            return try connection.inTransaction { () throws(LedgerError) in try body(Transaction(connection: connection)) }
        }
    }

    public func inUse(partner: String) throws(LedgerError) -> [String: Int] {
        try prepareSchema()
        return try Transaction(connection: connection).inUse(partner: partner)
    }

    public func release(decisionId: String, reason: String, at instant: String) throws(LedgerError) -> (consumption: Consumption, releasedNow: Bool)? {
        try transaction { (_) throws(LedgerError) -> (consumption: Consumption, releasedNow: Bool)? in
            let released = try connection.query("""
                UPDATE consumption SET released_at = $2, release_reason = $3 WHERE decision_id = $1 AND released_at IS NULL
                RETURNING partner_tenant_id, entitlement_id
                """, [decisionId, instant, reason])
            for row in released {
                try connection.query(Self.uncount, [row[0], row[1]])
            }
            return try consumptions(where: "decision_id = $1", [decisionId], limit: 1).first.map { ($0, !released.isEmpty) }
        }
    }

    public func recent(partner: String, entitlement: String? = nil, limit: Int = 20) throws(LedgerError) -> [Consumption] {
        if let entitlement {
            return try consumptions(where: "partner_tenant_id = $1 AND entitlement_id = $2", [partner, entitlement], limit: limit)
        }
        return try consumptions(where: "partner_tenant_id = $1", [partner], limit: limit)
    }

    public func partners() throws(LedgerError) -> [String] {
        try prepareSchema()
        return try connection.query("SELECT DISTINCT partner_tenant_id FROM consumption ORDER BY 1").compactMap { $0[0] }
    }

    private func consumptions(where condition: String, _ arguments: [String?], limit: Int) throws(LedgerError) -> [Consumption] {
        try prepareSchema()
        return try connection.query("""
            SELECT partner_tenant_id, entitlement_id, decision_id, draft_id, draft_sha256, consumed_at, claim, released_at, release_reason
            FROM consumption WHERE \(condition) ORDER BY consumed_at DESC, decision_id DESC LIMIT \(max(0, limit))
            """, arguments).map { row in
            Consumption(partnerTenantId: row[0] ?? "", entitlementId: row[1] ?? "", decisionId: row[2] ?? "", draftId: row[3] ?? "",
                        draftSha256: row[4] ?? "", consumedAt: row[5] ?? "", claim: row[6], releasedAt: row[7], releaseReason: row[8])
        }
    }

    struct Transaction: LedgerTransaction {
        let connection: PostgresConnection

        var location: String { connection.location }

        func consume(_ consumption: Consumption, allowance: Int?) throws(LedgerError) -> ConsumeOutcome {
            try consumeAll([ConsumeRequest(consumption, allowance: allowance)])[0]
        }

        func inUse(partner: String) throws(LedgerError) -> [String: Int] {
            var counts: [String: Int] = [:]
            for row in try connection.query("SELECT entitlement_id, in_use FROM entitlement_use WHERE partner_tenant_id = $1 AND in_use > 0", [partner]) {
                if let id = row[0], let count = row[1].flatMap({ Int($0) }) { counts[id] = count }
            }
            return counts
        }

        func forget(claim: String) throws(LedgerError) -> Int {
            let removed = try connection.query("""
                DELETE FROM consumption WHERE claim = $1 RETURNING partner_tenant_id, entitlement_id, released_at IS NULL
                """, [claim])
            for row in removed where row[2] == "t" {
                try connection.query(PostgresLedger.uncount, [row[0], row[1]])
            }
            return removed.count
        }
    }
}
