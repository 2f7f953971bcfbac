/// The ledger in PostgreSQL, for several gates (on several spools or hosts) that share one
/// memory and one count. A batch locks the draft ids it looks up and the counters it
/// consumes from (`LedgerSQL.postgres`), so gates recording the same draft id or consuming
/// the same entitlement take turns: a draft is accepted once across every gate, and an
/// allowance cannot be overshot.
public final class PostgresLedger: IncidentLedger {
    let connection: PostgresConnection

    public var location: String { connection.location }

    private var schemaReady = false

    /// Connects, and brings the schema up to date, at the first use: a server that is down
    /// at start is a fault the gate backs off from. No call waits for the server past
    /// `deadlines`; `whileWaiting` is called about once a second meanwhile (the gate feeds
    /// its watchdog).
    public init(url: String, deadlines: LedgerDeadlines = .standard, whileWaiting: @escaping () -> Void = {}) {
        connection = PostgresConnection(url: url, deadlines: deadlines, whileWaiting: whileWaiting)
    }

    static var schemaVersion: Int { LedgerSQL.postgres.currentVersion }

    /// Runs the migrations the database lacks, once per ledger object. Every gate takes the
    /// same advisory lock before it reads the version, in the transaction that migrates: the
    /// second of two gates starting together waits there and then finds nothing to do. A
    /// database already up to date takes no lock beyond reading one row, so a start never
    /// waits on another gate's batch.
    func prepareSchema() throws(LedgerError) {
        guard !schemaReady else { return }
        guard try schemaVersionFound() < Self.schemaVersion else {
            schemaReady = true
            return
        }
        try connection.inTransaction { () throws(LedgerError) in
            try connection.query("SELECT pg_advisory_xact_lock(7261776514)")
            let found = try schemaVersionFound()
            guard found < Self.schemaVersion else { return }
            if found == 0, try hasTable("consumption") {
                throw LedgerError("the ledger was written by a supportgate older than 0.19.0 (no schema version): upgrade through 0.19.0 first", path: location)
            }
            if found > 0, found < LedgerSQL.postgres.migrations[0].version {
                throw LedgerError("the ledger is at schema \(found), which no package shipped: upgrade through 0.19.0 first", path: location)
            }
            for migration in LedgerSQL.postgres.migrations where migration.version > found {
                try connection.execute(script: migration.script)
            }
            try connection.query("CREATE TABLE IF NOT EXISTS supportgate_schema (version integer NOT NULL)")
            try connection.query("DELETE FROM supportgate_schema")
            try connection.query("INSERT INTO supportgate_schema VALUES ($1::integer)", [String(Self.schemaVersion)])
        }
        schemaReady = true
    }

    /// 0 for a database without the version table. A newer version than this gate's is
    /// refused: its tables may mean something else.
    private func schemaVersionFound() throws(LedgerError) -> Int {
        guard try hasTable("supportgate_schema") else { return 0 }
        let found = try connection.query("SELECT coalesce(max(version), 0) FROM supportgate_schema").first?[0].flatMap { Int($0) } ?? 0
        guard found <= Self.schemaVersion else {
            throw LedgerError("the ledger was written by a newer supportgate (schema \(found); this one knows \(Self.schemaVersion))", path: location)
        }
        return found
    }

    /// Read from pg_tables with the statement's snapshot, not with `to_regclass`, whose
    /// catalog cache is not refreshed by an advisory lock: a gate that waited there for
    /// another's migration would still find no table, and migrate again.
    private func hasTable(_ name: String) throws(LedgerError) -> Bool {
        try connection.query("SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = $1", [name]).first?[0] == "1"
    }

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

    public func release(decisionId: String, reason: String, at instant: String) throws(LedgerError) -> (draft: AcceptedDraft, releasedNow: Bool)? {
        try transaction { (transaction) throws(LedgerError) -> (draft: AcceptedDraft, releasedNow: Bool)? in
            var released: [EntitlementKey: Int] = [:]
            for row in try connection.query(sql["release"], [decisionId, instant, reason]) {
                released[EntitlementKey(partner: row[0] ?? "", entitlementId: row[1] ?? ""), default: 0] -= 1
            }
            _ = try transaction.lockCounts(Array(released.keys))
            try transaction.addToCounts(released)
            guard let found = try connection.query(sql["by-decision"], [decisionId]).first.map(Self.acceptedDraft),
                  found.entitlementId != nil else { return nil }
            return (found, !released.isEmpty)
        }
    }

    public func recent(partner: String, entitlement: String? = nil, limit: Int = 20) throws(LedgerError) -> [AcceptedDraft] {
        try prepareSchema()
        return try connection.query(sql["recent"], [partner, entitlement, String(max(0, limit))]).map(Self.acceptedDraft)
    }

    public func partners() throws(LedgerError) -> [String] {
        try prepareSchema()
        return try connection.query(sql["partners"]).compactMap { $0[0] }
    }

    public func prune(decidedBefore instant: String) throws(LedgerError) -> Int {
        var forgotten = 0
        while true {
            let removed = try transaction { (_) throws(LedgerError) -> Int in
                try connection.query(sql["prune"], [instant, "10000"]).first?[0].flatMap { Int($0) } ?? 0
            }
            forgotten += removed
            if removed == 0 { return forgotten }
        }
    }

    private var sql: LedgerSQL { .postgres }

    static func acceptedDraft(_ row: [String?]) -> AcceptedDraft {
        AcceptedDraft(partnerTenantId: row[0] ?? "", draftId: row[1] ?? "", submitterUID: row[2].flatMap { UInt32($0) },
                      draftSha256: row[3] ?? "", decisionId: row[4] ?? "", decidedAt: row[5] ?? "", entitlementId: row[6], gate: row[7],
                      result: Array((row[8] ?? "").utf8), releasedAt: row[9], releaseReason: row[10])
    }
}
