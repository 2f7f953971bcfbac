/// The ledger file's schema, versioned with `PRAGMA user_version` and brought up to date by
/// the migrations in SQL/ (`LedgerSQL.sqlite`), all in one transaction when the gate opens
/// it: an empty file from the start, 0.19.0's (schema 1) from there. A newer schema is
/// refused rather than misread, and so is an older file no package shipped.
enum SQLiteLedgerSchema {
    static var version: Int { LedgerSQL.sqlite.currentVersion }

    static func prepare(_ connection: SQLiteConnection) throws(LedgerError) {
        // BEGIN IMMEDIATE first: a second gate opening the same file waits here, then finds
        // the schema up to date.
        try connection.inTransaction { () throws(LedgerError) in
            let found = try version(of: connection)
            guard found <= version else {
                throw LedgerError("the ledger was written by a newer supportgate (schema \(found); this one knows \(version))", path: connection.path)
            }
            if found == 0, try hasTables(connection) {
                throw LedgerError("the ledger was written by a supportgate older than 0.19.0 (no schema version): upgrade through 0.19.0 first", path: connection.path)
            }
            for migration in LedgerSQL.sqlite.migrations where migration.version > found {
                try connection.execute(migration.script)
            }
            if found < version { try connection.execute("PRAGMA user_version = \(version)") }
        }
    }

    static func version(of connection: SQLiteConnection) throws(LedgerError) -> Int {
        var found = 0
        try connection.query("PRAGMA user_version") { found = Int($0.integer(0)) }
        return found
    }

    private static func hasTables(_ connection: SQLiteConnection) throws(LedgerError) -> Bool {
        var count = 0
        try connection.query("SELECT count(*) FROM sqlite_schema WHERE type = 'table'") { count = Int($0.integer(0)) }
        return count > 0
    }
}
