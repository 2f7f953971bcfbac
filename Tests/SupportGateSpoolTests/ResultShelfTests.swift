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
