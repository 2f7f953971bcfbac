import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateFiling
import Testing

/// `supportgate filed show`: the operator's list of every record, a submitter's one by name.
@Suite("supportgate filed show")
struct FiledShowTests {
    let contoso = FilingFixture.contoso
    let fabrikam = FilingFixture.fabrikam

    /// Two Contoso records (one pending) and one Fabrikam record, each shelf its partner's alone.
    func spoolWithRecords() throws -> FilingFixture {
        let spool = try FilingFixture()
        let contosoShelf = try spool.shelf("filed", contoso, owner: FilingFixture.contosoUID, mode: 0o700)
        let fabrikamShelf = try spool.shelf("filed", fabrikam, owner: FilingFixture.fabrikamUID, mode: 0o700)
        try spool.write(FilingFixture.record(draftId: "c-1").bytes, at: "\(contosoShelf)/c-1.json", owner: FilingFixture.contosoUID)
        try spool.write(FilingFixture.record(draftId: "c-2", state: .pending, ticketId: nil, status: nil).bytes, at: "\(contosoShelf)/c-2.json",
                        owner: FilingFixture.contosoUID)
        try spool.write(FilingFixture.record(draftId: "f-1", partner: fabrikam).bytes, at: "\(fabrikamShelf)/f-1.json", owner: FilingFixture.fabrikamUID)
        // The forwarder's temporary file is not a record.
        try spool.write(Array("{".utf8), at: "\(contosoShelf)/.c-3.json.tmp")
        return spool
    }

    @Test("root lists every partner's records as JSON Lines, sorted; --partner and --state narrow it")
    func listAll() throws {
        let spool = try spoolWithRecords()
        defer { spool.remove() }
        let all = try FilingFixture.run(["filed", "show", "--spool", spool.root, "--format", "json"])
        #expect(all.status == 0, "\(all.stderr)")
        let ids = all.stdout.split(separator: "\n").compactMap { FilingFixture.json($0)?["draftId"] as? String }
        #expect(ids == ["c-1", "c-2", "f-1"])
        let pending = try FilingFixture.run(["filed", "show", "--spool", spool.root, "--format", "json", "--state", "pending"])
        #expect(pending.stdout.split(separator: "\n").compactMap { FilingFixture.json($0)?["draftId"] as? String } == ["c-2"])
        let fabrikamOnly = try FilingFixture.run(["filed", "show", "--spool", spool.root, "--format", "json", "--partner", fabrikam.uppercased()])
        #expect(fabrikamOnly.stdout.split(separator: "\n").compactMap { FilingFixture.json($0)?["draftId"] as? String } == ["f-1"])
        let one = try FilingFixture.run(["filed", "show", "c-2", "--spool", spool.root, "--format", "json"])
        #expect(one.stdout.split(separator: "\n").compactMap { FilingFixture.json($0)?["draftId"] as? String } == ["c-2"])
        let table = try FilingFixture.run(["filed", "show", "--spool", spool.root])
        let rows = table.stdout.split(separator: "\n")
        #expect(rows.count == 4 && rows[0].hasPrefix("PARTNER") && rows[1].contains("c-1") && rows[1].contains("2412070010000001"), "\(table.stdout)")
    }

    @Test("a submitter reads its own record by name; another partner's gets the answer for a record that does not exist")
    func strangerGetsNotFound() throws {
        let spool = try spoolWithRecords()
        defer { spool.remove() }
        let own = try FilingFixture.run(["filed", "show", "c-1", "--partner", contoso, "--spool", spool.root, "--format", "json"], as: FilingFixture.contosoUID)
        #expect(own.status == 0 && own.stdout.contains("\"c-1\""), "near miss: \(own.stderr)")
        let stranger = try FilingFixture.run(["filed", "show", "c-1", "--partner", contoso, "--spool", spool.root, "--format", "json"], as: FilingFixture.fabrikamUID)
        let missing = try FilingFixture.run(["filed", "show", "c-9", "--partner", contoso, "--spool", spool.root, "--format", "json"], as: FilingFixture.fabrikamUID)
        #expect(stranger.status == 3 && stranger.stdout.isEmpty)
        #expect(stranger.status == missing.status && stranger.stdout == missing.stdout)
        #expect(stranger.stderr.replacingOccurrences(of: "c-1", with: "ID") == missing.stderr.replacingOccurrences(of: "c-9", with: "ID"), "\(stranger.stderr) / \(missing.stderr)")
        #expect(stranger.stderr == "error: no filing record for draft c-1 of partner \(contoso) (not found or not yours)\n")
        // A folder the stranger may enter, holding a record only Contoso's uid may read: the file's existence shows through stat, not through the answer.
        #expect(chmod("\(spool.root)/filed/\(contoso)", 0o711) == 0)
        let readable = try FilingFixture.run(["filed", "show", "c-1", "--partner", contoso, "--spool", spool.root], as: FilingFixture.fabrikamUID)
        let absent = try FilingFixture.run(["filed", "show", "c-9", "--partner", contoso, "--spool", spool.root], as: FilingFixture.fabrikamUID)
        #expect(readable.status == 3 && readable.status == absent.status && readable.stdout == absent.stdout)
        #expect(readable.stderr.replacingOccurrences(of: "c-1", with: "ID") == absent.stderr.replacingOccurrences(of: "c-9", with: "ID"), "\(readable.stderr) / \(absent.stderr)")
        let list = try FilingFixture.run(["filed", "show", "--spool", spool.root], as: FilingFixture.fabrikamUID)
        #expect(list.status == 2 && list.stdout.isEmpty && list.stderr.contains("cannot list \(spool.root)/filed"), "\(list.stderr)")
    }

    @Test("a corrupt record: exit 2, its file and field named, the others still shown")
    func corruptRecord() throws {
        let spool = try spoolWithRecords()
        defer { spool.remove() }
        var text = String(decoding: FilingFixture.record(draftId: "c-4").bytes, as: UTF8.self)
        text = text.replacingOccurrences(of: "\"state\": \"filed\"", with: "\"state\": \"lost\"")
        try spool.write(Array(text.utf8), at: "\(spool.root)/filed/\(contoso)/c-4.json")
        try spool.write(Array("\u{1B}[2J not json".utf8), at: "\(spool.root)/filed/\(contoso)/c-5.json")
        let run = try FilingFixture.run(["filed", "show", "--spool", spool.root, "--format", "json"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(spool.root)/filed/\(contoso)/c-4.json: not a filing record: /state: not one of"), "\(run.stderr)")
        #expect(run.stderr.contains("c-5.json: not a filing record: not a JSON object"))
        #expect(run.stdout.split(separator: "\n").count == 3)
    }

    @Test("the table escapes control characters in every cell")
    func tableEscapes() throws {
        let spool = try FilingFixture()
        defer { spool.remove() }
        let error = FilingError(code: "Bad\u{1B}[1m", message: "line\none\u{1B}]52;c;ZXZpbA==\u{07}", httpStatus: 400, at: "2026-12-07T20:00:01Z")
        let record = FilingFixture.record(draftId: "c-6", ticketId: "12\u{1B}[8m", status: "Open\r", lastError: error)
        try spool.write(record.bytes, at: "\(try spool.shelf("filed", contoso))/c-6.json")
        let run = try FilingFixture.run(["filed", "show", "--spool", spool.root])
        #expect(run.status == 0)
        #expect(!run.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x0D })
        #expect(run.stdout.split(separator: "\n").count == 2)
        #expect(run.stdout.contains("12\\x1B[8m") && run.stdout.contains("Open\\x0D") && run.stdout.contains("Bad\\x1B[1m: line\\x0Aone\\x1B]52;c;ZXZpbA==\\x07"), "\(run.stdout)")
    }

    @Test("usage: a state that is none of §8's, a partner that is no tenant id: exit 2")
    func usage() throws {
        let spool = try FilingFixture()
        defer { spool.remove() }
        #expect(try FilingFixture.run(["filed", "show", "--state", "done", "--spool", spool.root]).status == 2)
        #expect(try FilingFixture.run(["filed", "show", "--partner", "x", "--spool", spool.root]).status == 2)
        #expect(try FilingFixture.run(["filed", "show", "../x", "--spool", spool.root]).status == 2)
        let empty = try FilingFixture.run(["filed", "show", "--spool", spool.root, "--format", "json"])
        #expect(empty.status == 0 && empty.stdout.isEmpty, "near miss: no records is no error")
    }
}
