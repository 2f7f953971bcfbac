import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateFiling
import SupportGateForward
import SupportGateSpool
import SupportGateSystemd
import SupportGateTestKit
import SystemCalls
import Testing

/// Every submitter may be hostile: what lands on a shelf is filed only when the gate put it
/// there, and a record is readable by the result's readers and no one else.
@Suite("Shelves and records, hostile")
struct ShelfHostileTests {
    @Test("a result planted by another uid is never filed, and is journaled; near miss: the gate's own is filed")
    func plantedResult() async throws {
        let fixture = try ForwardFixture()
        defer { fixture.remove() }
        try fixture.accept("planted", owner: 1003)
        try fixture.accept("genuine")
        let forwarder = try fixture.forwarder()
        let summary = await forwarder.runOnce()
        #expect(summary.failed == 0)
        #expect(try fixture.record("planted") == nil)
        #expect(try fixture.record("genuine")?.state == .filed)
        #expect(fixture.gateway.creates == 1)
        let refused = fixture.journal.entries(.resultRefused)
        #expect(refused.count == 1)
        #expect(refused.first?.message.contains("owned by uid 1003") == true)
        // Journaled once, not at every rescan.
        _ = forwarder.scanAll(resume: false)
        #expect(fixture.journal.entries(.resultRefused).count == 1)
    }

    @Test("a hard link to a gate's result is not filed")
    func hardLink() throws {
        let fixture = try ForwardFixture()
        defer { fixture.remove() }
        let path = try fixture.accept("linked")
        try FileManager.default.linkItem(atPath: path, toPath: "\(fixture.root)/elsewhere.json")
        let found = try fixture.forwarder().scanAll(resume: true)
        #expect(found.isEmpty)
    }

    @Test("a record carries the result's ACL: the same named users and groups read it, no one else")
    func recordACL() async throws {
        let fixture = try ForwardFixture()
        defer { fixture.remove() }
        let path = try fixture.accept("private")
        // As the gate sets it: the dropper (1001) and the partner's group (2001) may read.
        let shelf = try DirectoryHandle(path: "\(fixture.spool)/accepted/\(ForwardFixture.contoso)")
        let descriptor = try SystemCall.open(path, O_RDONLY)
        try AccessControlList(owner: 6, users: [1001], groups: [2001], named: 4).set(on: descriptor)
        try SystemCall.close(descriptor)
        try AccessControlList(owner: 7, users: [1001], groups: [2001], named: 1).set(on: shelf.descriptor)
        _ = try await fixture.forwarder().runOnce()
        let record = try SystemCall.open("\(fixture.spool)/filed/\(ForwardFixture.contoso)/private.json", O_RDONLY)
        defer { try? SystemCall.close(record) }
        let copied = try #require(AccessControlList.copying(from: record, owner: 6))
        #expect(copied.users == [1001] && copied.groups == [2001] && copied.named == 4)
        let status = try SystemCall.fstat(record)
        #expect(status.st_mode & 0o007 == 0, "others may not read a record")
        let folder = try SystemCall.open("\(fixture.spool)/filed/\(ForwardFixture.contoso)", O_RDONLY | O_DIRECTORY)
        defer { try? SystemCall.close(folder) }
        let folderACL = try #require(AccessControlList.copying(from: folder, owner: 7))
        #expect(folderACL.users == [1001] && folderACL.groups == [2001] && folderACL.named == 1)
        // Near miss: a colleague (1003) is named nowhere.
        #expect(!copied.users.contains(1003))
    }

    @Test("a draft id with odd characters cannot name a record outside its shelf")
    func oddDraftIds() throws {
        #expect(RecordShelf.recordName("../../etc/passwd") == nil)
        #expect(RecordShelf.recordName(".hidden") == nil)
        #expect(RecordShelf.recordName("") == nil)
        #expect(RecordShelf.recordName("a\u{0}b") == nil)
        #expect(RecordShelf.recordName(String(repeating: "x", count: 300)) == nil)
        #expect(RecordShelf.recordName("ok-draft_1.2") != nil)
        let fixture = try ForwardFixture()
        defer { fixture.remove() }
        // A result whose draftId field says something else than its name is not filed.
        try fixture.accept("../../outside", fileName: "inside.json")
        try fixture.accept("..", fileName: "...json")
        #expect(try fixture.forwarder().scanAll(resume: true).isEmpty)
    }

    @Test("a ticket name that could bend the path is refused")
    func ticketNameInPath() {
        func parse(_ path: String) -> Bool {
            let text = #"{"decision": "accept", "draftId": "x", "decisionId": "d", "partnerTenantId": "\#(ForwardFixture.contoso)", "decidedAt": "2026-12-07T10:00:00Z", "submission": {"target": "azure-support-api", "method": "PUT", "path": "\#(path)", "body": {}}}"#
            if case .success = AcceptedResult.parse(Array(text.utf8), expectedDraftId: "x", partner: ForwardFixture.contoso) { return true }
            return false
        }
        #expect(parse("/providers/Microsoft.Support/supportTickets/abc-123?api-version=2024-04-01"))
        #expect(!parse("/providers/Microsoft.Support/supportTickets/abc/../../x?api-version=2024-04-01"))
        #expect(!parse("/providers/Microsoft.Support/supportTickets/abc%2F..?api-version=2024-04-01"))
        #expect(!parse("/providers/Microsoft.Support/supportTickets/abc"))
    }

    @Test("a result on another partner's shelf is not filed for it")
    func wrongShelf() throws {
        let fixture = try ForwardFixture()
        defer { fixture.remove() }
        try fixture.accept("stray", partner: ForwardFixture.contoso)
        try FileManager.default.createDirectory(atPath: "\(fixture.spool)/accepted/\(ForwardFixture.fabrikam)", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: "\(fixture.spool)/accepted/\(ForwardFixture.contoso)/stray.json",
                                         toPath: "\(fixture.spool)/accepted/\(ForwardFixture.fabrikam)/stray.json")
        let forwarder = try fixture.forwarder()
        #expect(forwarder.scanAll(resume: true).isEmpty)
        #expect(fixture.journal.entries(.resultRefused).first?.message.contains("not the shelf's partner") == true)
    }
}
