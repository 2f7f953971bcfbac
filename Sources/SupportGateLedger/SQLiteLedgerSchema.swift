/// The ledger file's tables, versioned with `PRAGMA user_version`. A file of an older
/// version is brought up to date in one transaction when the gate opens it; a newer one is
/// refused rather than misread.
enum SQLiteLedgerSchema {
    static let version = 1

    static func prepare(_ connection: SQLiteConnection) throws(LedgerError) {
        let found = try version(of: connection)
        guard found <= version else {
            throw LedgerError("the ledger was written by a newer supportgate (schema \(found); this one knows \(version))", path: connection.path)
        }
        guard found < version else { return }
        try connection.inTransaction { () throws(LedgerError) in
            try upgrade(connection)
            try connection.execute("PRAGMA user_version = \(version)")
        }
    }

    static func version(of connection: SQLiteConnection) throws(LedgerError) -> Int {
        var found = 0
        try connection.query("PRAGMA user_version") { found = Int($0.integer(0)) }
        return found
    }

    /// From nothing, or from the first form of the table (no claim, no kept counts).
    private static func upgrade(_ connection: SQLiteConnection) throws(LedgerError) {
        var columns: Set<String> = []
        try connection.query("SELECT name FROM pragma_table_info('consumption')") { columns.insert($0.text(0) ?? "") }
        if !columns.isEmpty, !columns.contains("claim") {
            try connection.execute("ALTER TABLE consumption ADD COLUMN claim TEXT")
        }
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS consumption (
                partner_tenant_id TEXT NOT NULL,
                draft_id TEXT NOT NULL,
                entitlement_id TEXT NOT NULL,
                decision_id TEXT NOT NULL UNIQUE,
                draft_sha256 TEXT NOT NULL,
                consumed_at TEXT NOT NULL,
                claim TEXT,
                released_at TEXT,
                release_reason TEXT,
                PRIMARY KEY (partner_tenant_id, draft_id)
            );
            DROP INDEX IF EXISTS consumption_in_force;
            CREATE INDEX IF NOT EXISTS consumption_by_claim ON consumption (claim) WHERE claim IS NOT NULL;
            CREATE TABLE IF NOT EXISTS entitlement_use (
                partner_tenant_id TEXT NOT NULL,
                entitlement_id TEXT NOT NULL,
                in_use INTEGER NOT NULL,
                PRIMARY KEY (partner_tenant_id, entitlement_id)
            ) WITHOUT ROWID;
            DELETE FROM entitlement_use;
            INSERT INTO entitlement_use
                SELECT partner_tenant_id, entitlement_id, COUNT(*) FROM consumption WHERE released_at IS NULL GROUP BY 1, 2;
            CREATE TRIGGER IF NOT EXISTS consumption_counted AFTER INSERT ON consumption WHEN NEW.released_at IS NULL BEGIN
                INSERT INTO entitlement_use VALUES (NEW.partner_tenant_id, NEW.entitlement_id, 1)
                    ON CONFLICT (partner_tenant_id, entitlement_id) DO UPDATE SET in_use = in_use + 1;
            END;
            CREATE TRIGGER IF NOT EXISTS consumption_released AFTER UPDATE OF released_at ON consumption
                WHEN OLD.released_at IS NULL AND NEW.released_at IS NOT NULL BEGIN
                UPDATE entitlement_use SET in_use = in_use - 1
                    WHERE partner_tenant_id = OLD.partner_tenant_id AND entitlement_id = OLD.entitlement_id;
            END;
            CREATE TRIGGER IF NOT EXISTS consumption_forgotten AFTER DELETE ON consumption WHEN OLD.released_at IS NULL BEGIN
                UPDATE entitlement_use SET in_use = in_use - 1
                    WHERE partner_tenant_id = OLD.partner_tenant_id AND entitlement_id = OLD.entitlement_id;
            END;
            """)
    }
}
