import CSQLite
import Foundation
@testable import SupportGateLedger
import Testing

/// An SQLite ledger whose files are taken away, or held locked, while the gate has it
/// open: a fault before anything is committed, never a count written where it is lost.
@Suite("SQLite incident ledger: deleted, replaced or locked files")
struct SQLiteLedgerFaultTests {
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg ledger faults \(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    private var path: String { "\(folder)/ledger.sqlite" }

    private func consume(_ ledger: SQLiteLedger, _ draftId: String) throws(LedgerError) -> LedgerSteps.Outcome {
        try LedgerSteps.accept(LedgerSteps.draft(draftId), allowance: 10, in: ledger)
    }

    /// The error the next consumption ends with, if any.
    private func failure(_ ledger: SQLiteLedger, _ draftId: String) -> LedgerError? {
        do throws(LedgerError) {
            _ = try consume(ledger, draftId)
            return nil
        } catch {
            return error
        }
    }

    private func savedCopies() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("ledger.sqlite.saved-") }.map { "\(folder)/\($0)" }
    }

    @Test("the ledger file deleted while open: a fault, nothing committed into the unlinked file, and its counts saved beside it once")
    func deletedDatabase() throws {
        let ledger = try SQLiteLedger(path: path)
        #expect(try consume(ledger, "d1") == .recorded(left: 9), "near miss: files in place, the commit goes through")
        try FileManager.default.removeItem(atPath: path)
        let error = try #require(failure(ledger, "d2"))
        #expect(error.kind == .replaced && error.message.contains("deleted"), "\(error)")
        #expect(error.message.contains("saved to"), "\(error)")
        let copies = try savedCopies()
        #expect(copies.count == 1)
        let saved = try SQLiteLedger(path: try #require(copies.first), readOnly: true)
        #expect(try saved.inUse(partner: "p1") == ["premier-1": 1], "the saved copy holds what was committed before, and not d2")
        #expect(failure(ledger, "d3")?.kind == .replaced, "still a fault on the next try")
        #expect(try savedCopies().count == 1, "saved once, not at every retry")
        #expect(SQLiteLedger.savedCopies(of: path) == copies, "found beside the ledger, for the gate's start to refuse")
        #expect(SQLiteLedger.savedCopies(of: "\(folder)/other.sqlite").isEmpty, "near miss: another ledger's name")
    }

    @Test("the write-ahead log deleted while open: a fault, not a silent loss")
    func deletedLog() throws {
        let ledger = try SQLiteLedger(path: path)
        _ = try consume(ledger, "d1")
        try FileManager.default.removeItem(atPath: path + "-wal")
        let error = try #require(failure(ledger, "d2"))
        #expect(error.kind == .replaced && error.message.contains("-wal"), "\(error)")
    }

    @Test("the ledger file replaced by another (renamed over it) while open: a fault")
    func replacedDatabase() throws {
        let ledger = try SQLiteLedger(path: path)
        _ = try consume(ledger, "d1")
        let other = try SQLiteLedger(path: "\(folder)/other.sqlite")
        _ = other
        #expect(rename("\(folder)/other.sqlite", path) == 0)
        let error = try #require(failure(ledger, "d2"))
        #expect(error.kind == .replaced, "\(error)")
    }

    @Test("held locked by another connection (an operator's open write transaction): busy within the busy timeout, then works once released")
    func lockedByAnother() throws {
        let ledger = try SQLiteLedger(path: path, busyTimeoutMilliseconds: 300)
        var operatorConnection: OpaquePointer?
        #expect(sqlite3_open(path, &operatorConnection) == SQLITE_OK)
        defer { sqlite3_close(operatorConnection) }
        #expect(sqlite3_exec(operatorConnection, "BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK)
        let started = Date()
        let error = try #require(failure(ledger, "d1"))
        #expect(error.kind == .busy, "\(error)")
        #expect(Date().timeIntervalSince(started) < 3)
        #expect(sqlite3_exec(operatorConnection, "ROLLBACK", nil, nil, nil) == SQLITE_OK)
        #expect(try consume(ledger, "d1") == .recorded(left: 9), "once the lock is released, the same draft is counted once")
    }
}
