import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateCore
import SupportGateSpool
import SupportGateTestKit
import Testing

/// `submit --wait` finds its draft's result by the names the gate gives results, and only
/// a result decided from its own bytes, for its own uid.
@Suite("Finding a dropped draft's result")
struct ResultLocatorTests {
    static let partner = "c0a70500-0000-4000-8000-000000000001"
    let spool: ScratchSpool
    let paths: SpoolPaths
    let bytes = Array(#"{"apiVersion": "supportgate/v1", "draftId": "case-7", "partnerTenantId": "C0A70500-0000-4000-8000-000000000001"}"#.utf8)

    init() throws {
        spool = try ScratchSpool("locator")
        paths = SpoolPaths(root: spool.root)
    }

    private func locator(_ bytes: [UInt8]? = nil, name: String = "case-7.json", droppedAt: Int64 = ResultLocator.now() - 1_000_000_000) -> ResultLocator {
        ResultLocator(paths: paths, uid: getuid(), bytes: bytes ?? self.bytes, incomingName: name, droppedAt: droppedAt)
    }

    private func write(_ folder: SpoolPaths.Folder, _ shelf: String, _ name: String, _ text: String) throws -> String {
        let directory = "\(paths.path(folder))/\(shelf)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try text.write(toFile: "\(directory)/\(name)", atomically: true, encoding: .utf8)
        return "\(directory)/\(name)"
    }

    private var digest: String { SHA256.hex(SHA256.hash(bytes)) }

    @Test("the id's result on the partner's shelf, decided from these bytes for this uid")
    func ownResult() throws {
        #expect(locator().find() == nil)
        let path = try write(.accepted, Self.partner, "case-7.json", #"{"draftSha256": "\#(digest)", "submitterUid": \#(getuid()), "decision": "accept"}"#)
        #expect(locator().find() == path)
        #expect(locator().partner == Self.partner, "the partner's shelf is named in lower case")
    }

    @Test("hostile: a colleague's result under the same id is not ours; our duplicate is")
    func colleaguesResult() throws {
        _ = try write(.accepted, Self.partner, "case-7.json", #"{"draftSha256": "\#(String(repeating: "0", count: 64))", "submitterUid": \#(getuid())}"#)
        _ = try write(.rejected, Self.partner, "case-7.json", #"{"draftSha256": "\#(digest)", "submitterUid": \#(getuid() &+ 1)}"#)
        #expect(locator().find() == nil, "other bytes, or another uid's")
        let duplicate = try write(.rejected, Self.partner, "case-7.dup-\(digest.prefix(16))-u\(getuid()).json", "{}")
        #expect(locator().find() == duplicate)
    }

    @Test("a draft that could not be parsed is found on the submitter's own shelf by the id of its name in incoming/")
    func unparsed() throws {
        let broken = Array("{not json".utf8)
        let sha = SHA256.hex(SHA256.hash(broken))
        let path = try write(.rejected, "uid-\(getuid())", "my_draft-2.invalid-\(sha.prefix(16)).json", "{}")
        #expect(locator(broken, name: "my draft-2.json").find() == path)
        #expect(locator(broken, name: "my draft-2.json").partner == nil)
    }

    @Test("refused and unreadable results count from the drop on; an older one under the same id does not")
    func numbered() throws {
        let older = try write(.rejected, "uid-\(getuid())", "case-7.refused-41.json", "{}")
        let past = timespec(tv_sec: time(nil) - 3_600, tv_nsec: 0)
        var times = [past, past]
        #expect(utimensat(AT_FDCWD, older, &times, 0) == 0)
        #expect(locator().find() == nil)
        let fresh = try write(.rejected, "uid-\(getuid())", "case-7.unreadable-42.json", "{}")
        #expect(locator().find() == fresh)
    }

    @Test("nothing while the draft still waits in incoming/: a result under its names then is an earlier draft's")
    func waitsForTheClaim() throws {
        let incoming = "\(paths.path(.incoming))/case-7.json"
        try Data(bytes).write(to: URL(fileURLWithPath: incoming))
        let waiting = locator()
        let path = try write(.accepted, Self.partner, "case-7.json", #"{"draftSha256": "\#(digest)", "submitterUid": \#(getuid())}"#)
        #expect(waiting.isWaiting)
        #expect(waiting.find() == nil, "not claimed yet")
        try FileManager.default.removeItem(atPath: incoming)
        #expect(waiting.find() == path)
        // Another file under the same name is not the dropped one.
        try Data(bytes).write(to: URL(fileURLWithPath: incoming))
        #expect(!waiting.isWaiting, "another file under the name, even on the same inode number, is not our draft")
    }

    @Test("hostile: an earlier rejection on the submitter's shelf under the same name is not the answer until the gate has had the draft a while")
    func earlierRejection() throws {
        let stale = try write(.rejected, "uid-\(getuid())", "case-7.unauthorized-\(digest.prefix(16)).json", "{}")
        let past = timespec(tv_sec: time(nil) - 86_400, tv_nsec: 0)
        var times = [past, past]
        #expect(utimensat(AT_FDCWD, stale, &times, 0) == 0)
        #expect(locator().find() == nil, "yesterday's, not this drop's")
        #expect(locator().find(acceptEarlier: true) == stale, "the gate keeps the first result of a repeat: settled, it is the answer")
        let accepted = try write(.accepted, Self.partner, "case-7.json", #"{"draftSha256": "\#(digest)", "submitterUid": \#(getuid())}"#)
        #expect(locator().find(acceptEarlier: true) == accepted, "a fresh decision on the partner's shelf comes first")
    }

    @Test("hostile: a draftId that is not an id is not looked up; a link planted at a result's name is not followed")
    func hostileNames() throws {
        let traversal = Array(#"{"draftId": "../../etc/x", "partnerTenantId": "c0a70500-0000-4000-8000-000000000001"}"#.utf8)
        #expect(locator(traversal, name: "t.json").draftIds == ["t"])
        let shelf = "\(paths.path(.accepted))/\(Self.partner)"
        try FileManager.default.createDirectory(atPath: shelf, withIntermediateDirectories: true)
        let target = try write(.archive, "", "elsewhere.json", #"{"draftSha256": "\#(digest)", "submitterUid": \#(getuid())}"#)
        try FileManager.default.createSymbolicLink(atPath: "\(shelf)/case-7.json", withDestinationPath: target)
        #expect(locator().find() == nil)
        #expect(ResultLocator.readResult("\(shelf)/case-7.json") == nil)
    }
}
