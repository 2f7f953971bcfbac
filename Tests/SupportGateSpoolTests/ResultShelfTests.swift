import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
import SupportGateCore
@testable import SupportGateSpool
import SupportGateTestKit
import Testing

/// Results on shelves: who may read what, whose ids they use up, and the spools written before shelves.
@Suite("Result shelves and access")
struct ResultShelfTests {
    static let isRoot = getuid() == 0
    static let fabrikamUID: UInt32 = 1003
    static let fabrikam = "fab00000-0000-4000-8000-000000000003"

    let spool: ScratchSpool
    let processor: ScratchPipeline

    init() throws {
        spool = try ScratchSpool("shelf")
        processor = try spool.pipeline()
    }

    private func runOnce() -> BatchReport {
        processor.process((try? processor.claimFromIncoming(limit: 256)) ?? [], at: ScratchSpool.instant, monotonicMilliseconds: 0)
    }

    private func acl(_ path: String) -> (users: Set<UInt32>, groups: Set<UInt32>)? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        defer { if descriptor >= 0 { close(descriptor) } }
        return descriptor < 0 ? nil : AccessControlList.named(on: descriptor)
    }

    private func mode(_ path: String) -> mode_t {
        var status = stat()
        return stat(path, &status) == 0 ? status.st_mode & 0o777 : 0o7777
    }

    @Test("a result is readable by its dropper only (and the partner's groups); its shelf is entered by the partner's submitters")
    func resultACL() throws {
        try spool.drop(try ScratchSpool.draft(id: "mine"), as: "mine.json")
        #expect(runOnce().decidedCount == 1)
        let path = "\(spool.root)/accepted/\(ScratchSpool.contoso)/mine.json"
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(acl(path)?.users == [getuid()])
        #expect(mode(path) & 0o007 == 0, "nothing for others")
        let shelf = try #require(acl("\(spool.root)/accepted/\(ScratchSpool.contoso)"))
        #expect(shelf.users == [1001, getuid()])
        #expect(mode("\(spool.root)/accepted/\(ScratchSpool.contoso)") & 0o007 == 0)
        // Contoso's group, when this host has it, reads every Contoso result.
        if let gid = SubmitterLookup.groupID("contoso-support") {
            #expect(acl(path)?.groups == [gid])
        }
    }

    private func permissions(_ path: String) -> (users: [UInt32: UInt16], groups: [UInt32: UInt16], mask: UInt16?)? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        defer { if descriptor >= 0 { close(descriptor) } }
        return descriptor < 0 ? nil : AccessControlList.permissions(on: descriptor)
    }

    /// A uid no one on the host has: an ACL entry names a number, not a user.
    static let forwarderUID: UInt32 = 4_242

    @Test("the forwarder lists a partner's accepted shelf (r-x) and reads its results (r--); submitters' entries stay as they were")
    func forwarderOnAcceptedShelf() throws {
        processor.settings.forwarderUID = Self.forwarderUID
        try spool.drop(try ScratchSpool.draft(id: "to-file"), as: "to-file.json")
        #expect(runOnce().decidedCount == 1)
        let folder = "\(spool.root)/accepted/\(ScratchSpool.contoso)"
        let shelf = try #require(permissions(folder))
        #expect(shelf.users[Self.forwarderUID] == AccessControlList.read | AccessControlList.search)
        #expect(shelf.users[1001] == AccessControlList.search, "a submitter still only enters the shelf")
        #expect(shelf.users[getuid()] == AccessControlList.search)
        #expect(shelf.groups.values.allSatisfy { $0 == AccessControlList.search })
        #expect(shelf.mask == AccessControlList.read | AccessControlList.search)
        #expect(mode(folder) & 0o007 == 0)
        let result = try #require(permissions("\(folder)/to-file.json"))
        #expect(result.users == [getuid(): AccessControlList.read, Self.forwarderUID: AccessControlList.read], "read, never write")
        #expect(result.mask == AccessControlList.read)
        #expect(mode("\(folder)/to-file.json") & 0o007 == 0)
    }

    @Test("near miss: no entry for the forwarder in rejected/, on a partner's shelf or a dropper's, nor without a forwarder user")
    func forwarderNotOnRejections() throws {
        processor.settings.forwarderUID = Self.forwarderUID
        try spool.drop(try ScratchSpool.example("azure-own-tenant-csp"), as: "rejected.json")
        try spool.drop(Data("{".utf8), as: "unreadable.json")
        #expect(runOnce().decidedCount == 2)
        for shelved in spool.shelved(.rejected) {
            let path = "\(spool.root)/rejected/\(shelved)"
            #expect(permissions(path)?.users[Self.forwarderUID] == nil, "\(shelved)")
            let folder = String(path[..<path.lastIndex(of: "/")!])
            #expect(permissions(folder)?.users[Self.forwarderUID] == nil, "\(folder)")
        }
        processor.settings.forwarderUID = nil
        try spool.drop(try ScratchSpool.draft(id: "unfiled"), as: "unfiled.json")
        #expect(runOnce().decidedCount == 1)
        let folder = "\(spool.root)/accepted/\(ScratchSpool.contoso)"
        #expect(permissions("\(folder)/unfiled.json")?.users.keys.sorted() == [getuid()])
        #expect(permissions(folder)?.users[Self.forwarderUID] == nil, "set again at the reload that dropped the user")
    }

    @Test("a result half-written on a shelf by a crash is removed at start; the results beside it stay")
    func temporaryOnAShelf() throws {
        try spool.drop(try ScratchSpool.draft(id: "kept"), as: "kept.json")
        _ = runOnce()
        let shelf = "\(spool.root)/accepted/\(ScratchSpool.contoso)"
        #expect(FileManager.default.createFile(atPath: "\(shelf)/~tmp-1-2-dead", contents: Data("{".utf8)))
        processor.committer.removeTemporaryResults()
        #expect(spool.shelved(.accepted) == ["\(ScratchSpool.contoso)/kept.json"])
    }

    @Test("in \"group\" mode results have no ACL and are readable by the spool's group")
    func groupMode() throws {
        processor.settings.resultAccess = .group
        try spool.drop(try ScratchSpool.draft(id: "grouped"), as: "grouped.json")
        #expect(runOnce().decidedCount == 1)
        let path = "\(spool.root)/accepted/\(ScratchSpool.contoso)/grouped.json"
        #expect(acl(path) == nil)
        #expect(mode(path) & 0o040 != 0)
    }

    @Test("a stranger squats an id with the partner's exact bytes first: it gets its own rejection, the partner's draft is decided",
          .enabled(if: isRoot, "chown needs root"))
    func squatAndCopy() throws {
        let bytes = try ScratchSpool.draft(id: "ticket-42")
        try spool.drop(bytes, as: "a.json", owner: Self.fabrikamUID)
        #expect(runOnce().decidedCount == 1)
        try spool.drop(bytes, as: "b.json")
        let report = runOnce()
        #expect(report.decidedCount == 1, "decided, not a repeat of the stranger's draft")
        #expect(spool.shelved(.accepted) == ["\(ScratchSpool.contoso)/ticket-42.json"])
        let theirs = spool.shelved(.rejected)
        #expect(theirs.count == 1 && theirs[0].hasPrefix("uid-1003/ticket-42.unauthorized-"))
        #expect(acl("\(spool.root)/rejected/\(theirs[0])")?.users == [Self.fabrikamUID])
        #expect(acl("\(spool.root)/rejected/uid-1003")?.users == [Self.fabrikamUID])
    }

    @Test("one batch across four shelves: every result on its own (committed with one syncfs)", .enabled(if: isRoot, "chown needs root"))
    func batchAcrossShelves() throws {
        try spool.drop(try ScratchSpool.draft(id: "s-accepted"), as: "a.json")
        try spool.drop(try ScratchSpool.example("azure-own-tenant-csp"), as: "b.json")
        try spool.drop(try ScratchSpool.draft(id: "s-stranger"), as: "c.json", owner: Self.fabrikamUID)
        try spool.drop(Data("{".utf8), as: "d.json")
        #expect(runOnce().decidedCount == 4)
        let shelves = Set((spool.shelved(.accepted) + spool.shelved(.rejected)).map { $0.split(separator: "/")[0] })
        #expect(shelves == [Substring(ScratchSpool.contoso), "uid-1003", Substring("uid-\(getuid())")])
        #expect(spool.results.count == 4)
    }

    @Test("the same id under two partners: two results, one on each shelf", .enabled(if: isRoot, "chown needs root"))
    func idsPerPartner() throws {
        try spool.drop(try ScratchSpool.draft(id: "shared"), as: "c.json")
        let text = String(decoding: try ScratchSpool.draft(id: "shared"), as: UTF8.self).replacingOccurrences(of: ScratchSpool.contoso, with: Self.fabrikam)
        try spool.drop(Data(text.utf8), as: "f.json", owner: Self.fabrikamUID)
        #expect(runOnce().decidedCount == 2)
        let all = spool.shelved(.accepted) + spool.shelved(.rejected)
        #expect(all.contains("\(ScratchSpool.contoso)/shared.json"))
        #expect(all.contains("\(Self.fabrikam)/shared.json"))
        #expect(!all.contains { $0.contains(".dup-") })
    }

    @Test("another submitter of the partner drops the same bytes: DRAFT_DUPLICATE beside the first, not a repeat",
          .enabled(if: isRoot, "chown needs root"))
    func colleagueSameBytes() throws {
        let bytes = try ScratchSpool.draft(id: "team")
        try spool.drop(bytes, as: "one.json")
        _ = runOnce()
        try spool.drop(bytes, as: "two.json", owner: 1001)
        #expect(runOnce().decidedCount == 1)
        #expect(spool.shelved(.rejected).contains { $0.hasPrefix("\(ScratchSpool.contoso)/team.dup-") && $0.hasSuffix("-u1001.json") })
        // Near miss: the same submitter again is a repeat, no new result.
        try spool.drop(bytes, as: "three.json")
        #expect(runOnce().decidedCount == 0)
    }
}
