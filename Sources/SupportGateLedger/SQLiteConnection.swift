import CSQLite

/// One SQLite connection and the few calls the ledger makes, each checked: a failure is a
/// `LedgerError` with SQLite's own message and the database path. Not Sendable: a
/// connection belongs to the thread that opened it.
final class SQLiteConnection {
    let path: String
    private let handle: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]
    /// Set once the ledger is open for writing: checked before every COMMIT.
    var filesInPlace: LedgerFilesInPlace?

    init(path: String, readOnly: Bool = false, busyTimeoutMilliseconds: Int32 = 5_000) throws(LedgerError) {
        var opened: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &opened, flags, nil)
        guard code == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            if let opened { sqlite3_close_v2(opened) }
            throw LedgerError("cannot open the ledger: \(message)", path: path)
        }
        self.path = path
        handle = opened
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    /// Runs `body` in one transaction: `BEGIN IMMEDIATE` takes the database's write lock at
    /// once (waiting up to the busy timeout), so what the body reads cannot change before it
    /// commits; rolled back when the body throws, or when the files it would commit into
    /// are no longer the ledger's (`LedgerFilesInPlace`).
    func inTransaction<Value>(_ body: () throws(LedgerError) -> Value) throws(LedgerError) -> Value {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try checkFilesInPlace()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    func execute(_ sql: String) throws(LedgerError) {
        var failure: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &failure) == SQLITE_OK else {
            let message = failure.map { String(cString: $0) } ?? lastMessage
            sqlite3_free(failure)
            throw failed(message)
        }
    }

    /// Runs `sql` with `arguments` bound in order (text or integer), calling `row` for each
    /// result row. Statements are prepared once per connection and kept.
    func query(_ sql: String, _ arguments: [SQLiteValue] = [], row: (SQLiteRow) -> Void = { _ in }) throws(LedgerError) {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (offset, argument) in arguments.enumerated() {
            let index = Int32(offset + 1)
            let code = switch argument {
            case .text(let text): sqlite3_bind_text(statement, index, text, -1, Self.transient)
            case .integer(let number): sqlite3_bind_int64(statement, index, number)
            case .null: sqlite3_bind_null(statement, index)
            }
            guard code == SQLITE_OK else { throw failed(lastMessage) }
        }
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW: row(SQLiteRow(statement: statement))
            case SQLITE_DONE: return
            default: throw failed(lastMessage)
            }
        }
    }

    private func prepared(_ sql: String) throws(LedgerError) -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw failed(lastMessage)
        }
        statements[sql] = statement
        return statement
    }

    /// Throws (of kind `replaced`) when the database or its write-ahead log was deleted or
    /// replaced since the ledger was opened: SQLite's own check of the database
    /// (SQLITE_FCNTL_HAS_MOVED), and the paths' inodes for both files.
    func checkFilesInPlace() throws(LedgerError) {
        guard let filesInPlace else { return }
        var moved: Int32 = 0
        let code = sqlite3_file_control(handle, "main", SQLITE_FCNTL_HAS_MOVED, &moved)
        var problem = code == SQLITE_OK && moved != 0 ? "\(path) was deleted or renamed while the gate had it open" : nil
        if problem == nil { problem = filesInPlace.problem() }
        guard let problem else { return }
        throw LedgerError(problem, path: path, kind: .replaced)
    }

    /// Rows changed by the last statement.
    var changes: Int { Int(sqlite3_changes(handle)) }

    private var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }

    /// The error for the last call, marked as SQLite classed it.
    private func failed(_ message: String) -> LedgerError {
        let code = sqlite3_errcode(handle)
        let kind: LedgerError.Kind = code == SQLITE_FULL ? .full : code == SQLITE_BUSY || code == SQLITE_LOCKED ? .busy : .other
        return LedgerError(message, path: path, kind: kind)
    }

    /// SQLITE_TRANSIENT: SQLite copies the bound text before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

enum SQLiteValue {
    case text(String)
    case integer(Int64)
    case null
}

struct SQLiteRow {
    let statement: OpaquePointer

    func text(_ column: Int32) -> String? {
        sqlite3_column_text(statement, column).map { String(cString: $0) }
    }

    func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(statement, column) == SQLITE_NULL
    }

    func integer(_ column: Int32) -> Int64 {
        sqlite3_column_int64(statement, column)
    }
}
