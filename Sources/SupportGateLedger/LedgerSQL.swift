/// The ledger's SQL, kept in resource files (SQL/) compiled into the binary: the statements
/// each database runs by name, and the migrations that bring a database to the schema this
/// gate writes. The two databases run the same steps (`LedgerTransaction`); only the SQL
/// that says them differs.
struct LedgerSQL: Sendable {
    /// The statements by the name given in a `-- name: …` line before each.
    let statements: [String: String]
    /// The schema each migration brings the database to, and its script, in order.
    let migrations: [(version: Int, script: String)]

    static let sqlite = LedgerSQL(statements: PackageResources.sqlite_statements_sql,
                                  migrations: [(1, PackageResources.sqlite_migration_1_sql), (2, PackageResources.sqlite_migration_2_sql)])

    /// Schemas 1 and 2 were never shipped in a package: a database at those is refused.
    static let postgres = LedgerSQL(statements: PackageResources.postgres_statements_sql,
                                    migrations: [(3, PackageResources.postgres_migration_3_sql), (4, PackageResources.postgres_migration_4_sql)])

    private init(statements file: [UInt8], migrations: [(Int, [UInt8])]) {
        statements = Self.named(String(decoding: file, as: UTF8.self))
        self.migrations = migrations.map { ($0.0, String(decoding: $0.1, as: UTF8.self)) }
    }

    /// The schema a database is at once every migration ran.
    var currentVersion: Int { migrations.last?.version ?? 0 }

    /// The statement called `name`; a missing one is a programming error the tests catch.
    subscript(name: String) -> String {
        guard let statement = statements[name] else { fatalError("no ledger statement named \(name)") }
        return statement
    }

    private static func named(_ file: String) -> [String: String] {
        var found: [String: String] = [:]
        var name: String?
        var lines: [Substring] = []
        func finish() {
            if let name { found[name] = lines.joined(separator: "\n").trimmingSemicolon() }
            lines = []
        }
        for line in file.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("-- name: ") {
                finish()
                name = String(line.dropFirst("-- name: ".count))
            } else if name != nil, !line.hasPrefix("--") {
                lines.append(line)
            }
        }
        finish()
        return found
    }
}

private extension String {
    /// Without surrounding blank lines and the final `;`: one statement, as a prepared
    /// statement takes it.
    func trimmingSemicolon() -> String {
        var text = Substring(self)
        while let last = text.last, last == "\n" || last == " " || last == ";" { text = text.dropLast() }
        while let first = text.first, first == "\n" || first == " " { text = text.dropFirst() }
        return String(text)
    }
}
