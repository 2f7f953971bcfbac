import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateFiling
import Testing

/// `supportgate result DRAFT_ID`: the result where its submitter finds it, and its filing.
@Suite("supportgate result")
struct ResultCommandTests {
    let contoso = FilingFixture.contoso

    @Test("an accepted result and its record: exit 0, one JSON object {result, filing}")
    func acceptedWithFiling() throws {
        let spool = try FilingFixture()
        defer { spool.remove() }
        try spool.write(try FilingFixture.result(draftId: "d-1"), at: "\(try spool.shelf("accepted", contoso))/d-1.json")
        try spool.write(FilingFixture.record(draftId: "d-1").bytes, at: "\(try spool.shelf("filed", contoso))/d-1.json")
        let run = try FilingFixture.run(["result", "d-1", "--partner", contoso.uppercased(), "--spool", spool.root, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try #require(FilingFixture.json(lines[0]))
        #expect(Set(object.keys) == ["result", "filing"])
        #expect((object["result"] as? [String: Any])?["decision"] as? String == "accept")
        let filing = try #require(object["filing"] as? [String: Any])
        #expect(filing["state"] as? String == "filed" && filing["ticketId"] as? String == "2412070010000001")

        let text = try FilingFixture.run(["result", "d-1", "--partner", contoso, "--spool", spool.root])
        #expect(text.status == 0)
        #expect(text.stdout.contains(": ACCEPT") && text.stdout.contains("filing: filed, ticket 2412070010000001, status Open, 1 attempt"), "\(text.stdout)")
    }

    @Test("an acceptance not filed yet: filing null; a record of an earlier decision of the id is not this one's")
    func noRecordYet() throws {
        let spool = try FilingFixture()
        defer { spool.remove() }
        try spool.write(try FilingFixture.result(draftId: "d-2", decisionId: "dec-new"), at: "\(try spool.shelf("accepted", contoso))/d-2.json")
        let run = try FilingFixture.run(["result", "d-2", "--partner", contoso, "--spool", spool.root, "--format", "json"])
        #expect(run.status == 0)
        #expect(FilingFixture.json(run.stdout)?["filing"] is NSNull)
        try spool.write(FilingFixture.record(draftId: "d-2", decisionId: "dec-old").bytes, at: "\(try spool.shelf("filed", contoso))/d-2.json")
        let stale = try FilingFixture.run(["result", "d-2", "--partner", contoso, "--spool", spool.root, "--format", "json"])
        #expect(FilingFixture.json(stale.stdout)?["filing"] is NSNull)
        let text = try FilingFixture.run(["result", "d-2", "--partner", contoso, "--spool", spool.root])
        #expect(text.stdout.contains("filing: no record yet"), "\(text.stdout)")
    }

    @Test("a rejection: exit 1, no filing")
    func rejected() throws {
        let spool = try FilingFixture()
        defer { spool.remove() }
        try spool.write(try FilingFixture.result(draftId: "d-3", decision: "reject", target: nil), at: "\(try spool.shelf("rejected", contoso))/d-3.json")
        let run = try FilingFixture.run(["result", "d-3", "--partner", contoso, "--spool", spool.root, "--format", "json"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(FilingFixture.json(run.stdout)?["filing"] is NSNull)
    }

    @Test("the newest of a partner's results wins, whichever shelf it is on")
    func newestWins() throws {
        let spool = try FilingFixture()
        defer { spool.remove() }
        try spool.shelf("accepted", contoso)
        try spool.shelf("rejected", contoso)
        try spool.write(try FilingFixture.result(draftId: "d-4", decision: "reject"), at: "\(spool.root)/rejected/\(contoso)/d-4.json", age: 60)
        try spool.write(try FilingFixture.result(draftId: "d-4"), at: "\(spool.root)/accepted/\(contoso)/d-4.json", age: 30)
        #expect(try FilingFixture.run(["result", "d-4", "--partner", contoso, "--spool", spool.root]).status == 0)
        // A duplicate written later, found by listing the shelf (root may).
        try spool.write(try FilingFixture.result(draftId: "d-4", decision: "reject"), at: "\(spool.root)/rejected/\(contoso)/d-4.dup-0123456789abcdef-u1011.json")
        let run = try FilingFixture.run(["result", "d-4", "--partner", contoso, "--spool", spool.root])
        #expect(run.status == 1 && run.stdout.contains("d-4.dup-0123456789abcdef-u1011.json"), "\(run.stdout)")
    }

    @Test("without --partner the caller's own uid shelf is searched, for exactly this id; the message says why no more")
    func submitterShelf() throws {
        let spool = try FilingFixture()
        defer { spool.remove() }
        let shelf = "\(spool.root)/rejected/uid-0"
        try FileManager.default.createDirectory(atPath: shelf, withIntermediateDirectories: true)
        // Near misses: another id that starts with this one, and a kind that is not one.
        try spool.write(try FilingFixture.result(draftId: "fix.me", decision: "reject"), at: "\(shelf)/fix.me.invalid-0123456789abcdef.json")
        try spool.write(try FilingFixture.result(draftId: "fix", decision: "reject"), at: "\(shelf)/fix.other-0123456789abcdef.json")
        try spool.write(try FilingFixture.result(draftId: "fix.refused-1", decision: "reject"), at: "\(shelf)/fix.refused-1.invalid-0123456789abcdef.json")
        let missing = try FilingFixture.run(["result", "fix", "--spool", spool.root])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("on your own shelf \(shelf)/ (not found or not yours)") && missing.stderr.contains("add --partner TENANT"), "\(missing.stderr)")
        try spool.write(try FilingFixture.result(draftId: "fix", decision: "reject"), at: "\(shelf)/fix.unauthorized-fedcba9876543210.json")
        let run = try FilingFixture.run(["result", "fix", "--spool", spool.root])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("fix.unauthorized-fedcba9876543210.json"))
        let refused = try FilingFixture.run(["result", "fix.me", "--spool", spool.root])
        #expect(refused.status == 1 && refused.stdout.contains("fix.me.invalid-"))
    }

    @Test("--wait: the result that appears is printed; none in time is exit 3")
    func wait() throws {
        let spool = try FilingFixture()
        defer { spool.remove() }
        let shelf = try spool.shelf("accepted", contoso)
        let bytes = try FilingFixture.result(draftId: "d-5")
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { try? Data(bytes).write(to: URL(fileURLWithPath: "\(shelf)/d-5.json")) }
        let run = try FilingFixture.run(["result", "d-5", "--partner", contoso, "--spool", spool.root, "--wait", "--timeout", "30"])
        #expect(run.status == 0, "\(run.stderr)")
        let none = try FilingFixture.run(["result", "d-6", "--partner", contoso, "--spool", spool.root, "--wait", "--timeout", "0.5"])
        #expect(none.status == 3 && none.stderr.contains("no result for draft d-6 after 0.5 s (not found or not yours)"), "\(none.stderr)")
    }

    @Test("a corrupt result or record: exit 2 with the file and the field, no crash")
    func corrupt() throws {
        let spool = try FilingFixture()
        defer { spool.remove() }
        let accepted = try spool.shelf("accepted", contoso)
        try spool.write(Array("{\"draftId\": ".utf8), at: "\(accepted)/bad.json")
        let badResult = try FilingFixture.run(["result", "bad", "--partner", contoso, "--spool", spool.root])
        #expect(badResult.status == 2 && badResult.stderr.contains("\(accepted)/bad.json: not a JSON object"), "\(badResult.stderr)")

        try spool.write(try FilingFixture.result(draftId: "d-7"), at: "\(accepted)/d-7.json")
        var record = String(decoding: FilingFixture.record(draftId: "d-7").bytes, as: UTF8.self)
        record = record.replacingOccurrences(of: "\"attempts\": 1", with: "\"attempts\": \"one\"")
        let filed = try spool.shelf("filed", contoso)
        try spool.write(Array(record.utf8), at: "\(filed)/d-7.json")
        let badRecord = try FilingFixture.run(["result", "d-7", "--partner", contoso, "--spool", spool.root])
        #expect(badRecord.status == 2 && badRecord.stderr.contains("\(filed)/d-7.json: not a filing record: /attempts:"), "\(badRecord.stderr)")
    }

    @Test("Microsoft's message with control characters prints escaped, never a raw escape sequence")
    func controlCharacters() throws {
        let spool = try FilingFixture()
        defer { spool.remove() }
        try spool.write(try FilingFixture.result(draftId: "d-8"), at: "\(try spool.shelf("accepted", contoso))/d-8.json")
        let error = FilingError(code: "BadRequest\u{1B}[31m", message: "no\u{1B}]0;pwned\u{07}\nforged line\u{9B}2J", httpStatus: 400, at: "2026-12-07T20:00:01Z")
        let record = FilingFixture.record(draftId: "d-8", state: .rejectedByMicrosoft, ticketId: nil, status: nil, lastError: error)
        try spool.write(record.bytes, at: "\(try spool.shelf("filed", contoso))/d-8.json")
        let run = try FilingFixture.run(["result", "d-8", "--partner", contoso, "--spool", spool.root])
        #expect(run.status == 0)
        #expect(!run.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B })
        #expect(run.stdout.contains("last error BadRequest\\x1B[31m (HTTP 400, at 2026-12-07T20:00:01Z): no\\x1B]0;pwned\\x07\\x0Aforged line\\u{009B}2J"), "\(run.stdout)")
        #expect(!run.stdout.contains("\nforged line"))
    }

    @Test("hostile: Fabrikam's submitter asking for Contoso's draft gets exactly the answer for an id that does not exist")
    func strangerGetsNotFound() throws {
        let spool = try FilingFixture()
        defer { spool.remove() }
        // The shelf Contoso's uid alone may enter, and a shelf anyone may enter holding a file only Contoso may read.
        let accepted = try spool.shelf("accepted", contoso, owner: FilingFixture.contosoUID, mode: 0o700)
        let rejected = try spool.shelf("rejected", contoso, mode: 0o711)
        try spool.write(try FilingFixture.result(draftId: "secret", uid: FilingFixture.contosoUID), at: "\(accepted)/secret.json", owner: FilingFixture.contosoUID)
        try spool.write(try FilingFixture.result(draftId: "other", decision: "reject"), at: "\(rejected)/other.json", owner: FilingFixture.contosoUID)
        let owner = try FilingFixture.run(["result", "secret", "--partner", contoso, "--spool", spool.root], as: FilingFixture.contosoUID)
        #expect(owner.status == 0, "near miss: Contoso's submitter reads it: \(owner.stderr)")
        for id in ["secret", "other"] {
            let stranger = try FilingFixture.run(["result", id, "--partner", contoso, "--spool", spool.root, "--format", "json"], as: FilingFixture.fabrikamUID)
            try FileManager.default.moveItem(atPath: "\(spool.root)/\(id == "secret" ? "accepted" : "rejected")/\(contoso)/\(id).json", toPath: "\(spool.root)/\(id).away")
            let nothing = try FilingFixture.run(["result", id, "--partner", contoso, "--spool", spool.root, "--format", "json"], as: FilingFixture.fabrikamUID)
            #expect(stranger.status == 3 && stranger.stdout.isEmpty)
            #expect(stranger.status == nothing.status && stranger.stdout == nothing.stdout && stranger.stderr == nothing.stderr, "\(stranger.stderr) / \(nothing.stderr)")
            #expect(stranger.stderr == "error: no result for draft \(id) (not found or not yours)\n")
        }
    }

    @Test("usage: an id that is no draft id (a path) and a partner that is no tenant id are exit 2")
    func usage() throws {
        let spool = try FilingFixture()
        defer { spool.remove() }
        #expect(try FilingFixture.run(["result", "../../etc/passwd", "--spool", spool.root]).status == 2)
        #expect(try FilingFixture.run(["result", "d", "--partner", "contoso", "--spool", spool.root]).status == 2)
        #expect(try FilingFixture.run(["result", "d", "--spool", spool.root, "--timeout", "0"]).status == 2)
    }
}
