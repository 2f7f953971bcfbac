import CLibPQ
import SystemCalls
#if canImport(Glibc)
import Glibc
#endif

/// One libpq connection and the calls the ledger makes, each checked: a failure is a
/// `LedgerError` with the server's message and the database (its URL without a password).
/// Synchronous, like the gate's threads, but never longer than its deadlines
/// (`LedgerDeadlines`): a server that does not answer in time is a fault, and the
/// connection is dropped. Not Sendable: a connection belongs to the thread that opened it.
/// A connection that broke (a restarted server) is opened again on the next call; the call
/// that found it broken fails, so its transaction is not half-done.
final class PostgresConnection {
    let url: String
    /// For messages: the URL without a password.
    let location: String
    let deadlines: LedgerDeadlines
    /// Called about once a second while the connection waits for the server.
    let whileWaiting: () -> Void
    private var handle: OpaquePointer?
    /// When the transaction in progress must have ended (monotonic seconds), if one is.
    private var transactionDeadline: Double?

    /// Connects at the first query, so a server that is down at start is a fault of that
    /// query, which the gate backs off from, not a gate that cannot start.
    init(url: String, deadlines: LedgerDeadlines = .standard, whileWaiting: @escaping () -> Void = {}) {
        self.url = url
        self.deadlines = deadlines
        self.whileWaiting = whileWaiting
        location = Self.withoutPassword(url)
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    private func connect() throws(LedgerError) {
        drop()
        let started = MonotonicClock.seconds()
        let deadline = deadline(afterMilliseconds: deadlines.connectMilliseconds)
        do throws(PostgresAsync.Failure) {
            handle = try PostgresAsync.connect(Self.withTimeout(Self.inUTF8(url)), until: deadline, whileWaiting: whileWaiting)
        } catch {
            switch error {
            case .timedOut: throw timedOut("cannot connect", milliseconds: Int(((deadline - started) * 1_000).rounded()))
            case .broken(let message): throw unavailable("cannot connect: \(message)")
            }
        }
        // The server's own limits, below the gate's: a lock another gate holds too long ends
        // as a busy batch (retried), not as a dropped connection.
        try query("SET lock_timeout = '\(deadlines.statementMilliseconds / 2)ms'")
        try query("SET statement_timeout = '\(deadlines.statementMilliseconds * 4 / 5)ms'")
    }

    /// Closes the connection; a transaction it had open is rolled back by the server when
    /// it sees the connection end (at once, or when a frozen server runs again).
    private func drop() {
        if let handle { PQfinish(handle) }
        handle = nil
    }

    /// Runs `body` between BEGIN and COMMIT: BEGIN and the body within the transaction
    /// deadline, then the COMMIT within a statement deadline of its own, so that a body that
    /// took its time never leaves the COMMIT too little to be answered; rolled back when it
    /// throws. A connection dropped on the way has no transaction left to roll back: the
    /// ROLLBACK is not sent on a new one.
    ///
    /// A COMMIT that timed out may still have committed (the server runs on once it
    /// thaws): the caller cannot know, so it treats the batch as failed and decides its
    /// drafts again, which the ledger's keys make safe (a draft accepted by that commit is
    /// found as its own acceptance, a repeat, never counted twice).
    func inTransaction<Value>(_ body: () throws(LedgerError) -> Value) throws(LedgerError) -> Value {
        try withinTransactionDeadline { () throws(LedgerError) in
            try query("BEGIN")
            do throws(LedgerError) {
                let result = try body()
                // An outer deadline (the schema's transaction inside a batch's) holds on after.
                let outer = transactionDeadline
                transactionDeadline = nil
                try query("COMMIT")
                transactionDeadline = outer
                return result
            } catch {
                // A statement of its own, with its own deadline: the transaction's may be past.
                transactionDeadline = nil
                if handle != nil { _ = try? query("ROLLBACK") }
                throw error
            }
        }
    }

    /// Runs `body` (several statements, a transaction, or both) under one transaction
    /// deadline, unless an outer call set one already.
    func withinTransactionDeadline<Value>(_ body: () throws(LedgerError) -> Value) throws(LedgerError) -> Value {
        guard transactionDeadline == nil else { return try body() }
        transactionDeadline = deadline(afterMilliseconds: deadlines.transactionMilliseconds)
        defer { transactionDeadline = nil }
        return try body()
    }

    /// Runs `sql` with text parameters ($1, $2, …); the rows, each column as text or nil.
    @discardableResult
    func query(_ sql: String, _ parameters: [String?] = []) throws(LedgerError) -> [[String?]] {
        try run { handle in Self.send(handle, sql, parameters) }
    }

    /// Runs a script of several statements without parameters (a migration), in the simple
    /// query protocol, which is the one that takes several at once.
    func execute(script sql: String) throws(LedgerError) {
        _ = try run { handle in PQsendQuery(handle, sql) == 1 }
    }

    /// Runs `sql` with one array per parameter ($1, $2, …), sent in binary: a batch in one statement.
    @discardableResult
    func query(_ sql: String, arrays: [PostgresArray]) throws(LedgerError) -> [[String?]] {
        try run { handle in Self.send(handle, sql, arrays) }
    }

    /// Now plus `milliseconds`, but never past the transaction's deadline.
    private func deadline(afterMilliseconds milliseconds: Int) -> Double {
        min(MonotonicClock.seconds() + Double(milliseconds) / 1_000, transactionDeadline ?? .infinity)
    }

    private func run(_ send: (OpaquePointer) -> Bool) throws(LedgerError) -> [[String?]] {
        if handle == nil || PQstatus(handle) != CONNECTION_OK { try connect() }
        guard let handle else { throw unavailable("not connected") }
        let started = MonotonicClock.seconds()
        let deadline = deadline(afterMilliseconds: deadlines.statementMilliseconds)
        // Nothing is sent once the transaction's time is up: a statement sent could still
        // take effect (a COMMIT commit) after the gate gave up on it.
        guard deadline > started else {
            throw timedOut("the transaction did not finish", milliseconds: deadlines.transactionMilliseconds, dropped: false)
        }
        let result: OpaquePointer?
        do throws(PostgresAsync.Failure) {
            guard send(handle) else { throw .broken(PostgresAsync.errorMessage(handle)) }
            result = try PostgresAsync.result(of: handle, until: deadline, whileWaiting: whileWaiting)
        } catch {
            drop()
            switch error {
            case .timedOut: throw timedOut("no answer", milliseconds: Int(((deadline - started) * 1_000).rounded(.up)))
            case .broken(let message): throw unavailable(message)
            }
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return []
        case PGRES_TUPLES_OK:
            return Self.rows(result)
        default:
            let message = result.map { String(cString: PQresultErrorMessage($0)) } ?? Self.message(handle)
            if PQstatus(handle) != CONNECTION_OK {
                drop()
                throw unavailable(Self.trimmed(message))
            }
            let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) } ?? ""
            let kind: LedgerError.Kind = state == "40001" || state == "40P01" || state == "55P03" ? .busy : state.hasPrefix("53") ? .full : .other
            throw LedgerError(Self.trimmed(message), path: location, kind: kind)
        }
    }

    private static func send(_ handle: OpaquePointer, _ sql: String, _ parameters: [String?]) -> Bool {
        var copies: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.flatMap { strdup($0) } }
        defer { copies.forEach { free($0) } }
        return copies.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: max(1, buffer.count)) { values in
                PQsendQueryParams(handle, sql, Int32(parameters.count), nil, parameters.isEmpty ? nil : values, nil, nil, 0) == 1
            }
        }
    }

    /// The arrays laid end to end in one buffer, so that one pointer to it gives each value's.
    private static func send(_ handle: OpaquePointer, _ sql: String, _ arrays: [PostgresArray]) -> Bool {
        let types = arrays.map { Oid($0.typeOID) }
        let lengths = arrays.map { Int32($0.bytes.count) }
        let formats = [Int32](repeating: 1, count: arrays.count)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(arrays.reduce(0) { $0 + $1.bytes.count })
        var offsets: [Int] = []
        for array in arrays {
            offsets.append(buffer.count)
            buffer += array.bytes
        }
        return buffer.withUnsafeBufferPointer { bytes in
            let base = UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!)
            let values: [UnsafePointer<CChar>?] = offsets.map { (base + $0).assumingMemoryBound(to: CChar.self) }
            return PQsendQueryParams(handle, sql, Int32(arrays.count), types, values, lengths, formats, 0) == 1
        }
    }

    private static func rows(_ result: OpaquePointer?) -> [[String?]] {
        let rowCount = PQntuples(result), columnCount = PQnfields(result)
        var rows: [[String?]] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            rows.append((0..<columnCount).map { column in
                PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            })
        }
        return rows
    }

    /// The server did not answer in time: a fault to back off from, as a server that is down.
    private func timedOut(_ what: String, milliseconds: Int, dropped: Bool = true) -> LedgerError {
        LedgerError("\(what) within \(milliseconds) ms: the server may be frozen or overloaded" + (dropped ? "; the connection was dropped" : ""),
                    path: location, kind: .timedOut)
    }

    /// The server is down, restarting or unreachable: a fault to back off from.
    private func unavailable(_ message: String) -> LedgerError {
        LedgerError(message, path: location, kind: .unavailable)
    }

    private static func message(_ handle: OpaquePointer?) -> String {
        trimmed(handle.map { String(cString: PQerrorMessage($0)) } ?? "unknown error")
    }

    private static func trimmed(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline).map(String.init).joined(separator: " ")
    }

    /// libpq waits for a connection for ever by default: 5 s unless the URL says otherwise.
    static func withTimeout(_ url: String) -> String {
        withDefault("connect_timeout", "5", in: url)
    }

    /// Results are stored as text: sent and read back in UTF-8 whatever the database's
    /// encoding or the environment's PGCLIENTENCODING, so their bytes come back unchanged.
    static func inUTF8(_ url: String) -> String {
        withDefault("client_encoding", "UTF8", in: url)
    }

    /// The URL with `key=value` added, unless it sets `key` itself.
    private static func withDefault(_ key: String, _ value: String, in url: String) -> String {
        if url.contains("\(key)=") { return url }
        return url + (url.contains("?") ? "&" : "?") + "\(key)=\(value)"
    }

    /// "postgresql://user:secret@host/db?password=x" → "postgresql://user@host/db?password=…".
    static func withoutPassword(_ url: String) -> String {
        var text = url
        let marker = Array("://")
        let characters = Array(text)
        if let start = characters.indices.first(where: { Array(characters[$0...].prefix(3)) == marker }) {
            let rest = characters[(start + 3)...]
            let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") {
                text = String(characters[..<colon] + characters[at...])
            }
        }
        guard let question = text.firstIndex(of: "?") else { return text }
        let parameters = text[text.index(after: question)...].split(separator: "&", omittingEmptySubsequences: false)
            .map { $0.lowercased().hasPrefix("password=") ? "password=…" : String($0) }
        return String(text[...question]) + parameters.joined(separator: "&")
    }
}
