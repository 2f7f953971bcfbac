import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateCore
import SupportGateSpool
import SupportGateTestKit
import Testing

/// archive/ and quarantine/ keep the bytes each draft was decided from, in a file of the
/// gate's own: whatever a submitter does to its file after the read (reopened through an
/// O_PATH descriptor it kept), the kept copy does not change, grow or outlive retention.
@Suite("The archive is the gate's")
struct ArchiveOwnershipTests {
    let spool: ScratchSpool
    let processor: ScratchPipeline
    var root: String { spool.root }

    init() throws {
        spool = try ScratchSpool("archive")
        processor = try spool.pipeline()
    }

    private func sha256(_ path: String) throws -> String {
        SHA256.hex(SHA256.hash([UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))))
    }

    private func resultSha(_ name: String) throws -> String? {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: spool.resultPath(.accepted, name)))) as? [String: Any]
        return object?["draftSha256"] as? String
    }

    private func inode(_ path: String) -> stat? {
        var status = stat()
        return lstat(path, &status) == 0 ? status : nil
    }

    @Test("a claimed draft rewritten and grown between its read and the archive: archive/ holds the decided bytes, a new inode, not the submitter's")
    func archiveHoldsDecidedBytes() throws {
        let decided = try ScratchSpool.draft(id: "tamper-1")
        try spool.drop(decided, as: "tamper-1.json")
        let claims = try processor.claimFromIncoming(limit: 10)
        try #require(claims.count == 1)
        let processingPath = "\(root)/processing/\(claims[0])"
        let submitterInode = try #require(inode(processingPath)).st_ino
        let batch = processor.prepare(claims, at: ScratchSpool.instant)
        // The submitter reopens its file for writing after the read (through the O_PATH
        // descriptor it kept from the drop, in the daemon's case).
        let submitter = open(processingPath, O_RDWR | O_CLOEXEC)
        try #require(submitter >= 0)
        defer { close(submitter) }
        // Rewritten and grown after the read, before the commit and the archive.
        let garbage = [UInt8](repeating: 0x41, count: 1 << 20)
        #expect(pwrite(submitter, garbage, garbage.count, 0) == garbage.count)
        let report = processor.commit(batch, monotonicMilliseconds: 0)
        #expect(report.fault == nil)

        let archived = "\(root)/archive/\(claims[0])"
        let kept = try #require(inode(archived))
        #expect(kept.st_ino != submitterInode, "a copy, not the submitter's inode moved")
        #expect(kept.st_uid == geteuid() && kept.st_mode & 0o777 == 0o600)
        #expect(Int(kept.st_size) == decided.count)
        #expect(try sha256(archived) == resultSha("tamper-1.json"))
        #expect(spool.files(.processing).isEmpty)
        // The submitter's later writes reach only its own unlinked inode.
        #expect(pwrite(submitter, garbage, garbage.count, Int(garbage.count)) == garbage.count)
        #expect(ftruncate(submitter, 52 << 20) == 0 && fchmod(submitter, 0o666) == 0)
        #expect(try sha256(archived) == resultSha("tamper-1.json"))
        #expect(try #require(inode(archived)).st_size == kept.st_size)
        #expect(spool.files(.archive) == [claims[0].description])
    }

    @Test("a draft that could not be parsed is kept in quarantine/ as the gate's copy of the bytes decided")
    func quarantineHoldsDecidedBytes() throws {
        try spool.drop(Data("{ not json".utf8), as: "broken.json")
        let claims = try processor.claimFromIncoming(limit: 10)
        try #require(claims.count == 1)
        let submitterInode = try #require(inode("\(root)/processing/\(claims[0])")).st_ino
        _ = processor.process(claims, at: ScratchSpool.instant, monotonicMilliseconds: 0)
        let kept = try #require(inode("\(root)/quarantine/\(claims[0])"))
        #expect(kept.st_ino != submitterInode && kept.st_mode & 0o777 == 0o600)
        #expect(try String(contentsOfFile: "\(root)/quarantine/\(claims[0])", encoding: .utf8) == "{ not json")
        #expect(spool.files(.processing).isEmpty)
    }

    @Test("archiving again after a crash keeps a copy already in place, rewrites a half-written one, and removes the originals")
    func archiveIsIdempotent() throws {
        let first = try ScratchSpool.draft(id: "again-1")
        let second = try ScratchSpool.draft(id: "again-2")
        try spool.drop(first, as: "again-1.json")
        try spool.drop(second, as: "again-2.json")
        let claims = try processor.claimFromIncoming(limit: 10).sorted { $0.description < $1.description }
        try #require(claims.count == 2)
        let report = processor.commit(processor.prepare(claims, at: ScratchSpool.instant), monotonicMilliseconds: 0, archiveLater: true)
        // A crash after the first copy's rename, before the unlink: copy and original both there.
        try FileManager.default.copyItem(atPath: "\(root)/processing/\(claims[0])", toPath: "\(root)/archive/\(claims[0])")
        // And one before the second copy's rename: its temporary half-written.
        try Data("partial".utf8).write(to: URL(fileURLWithPath: "\(root)/archive/.\(claims[1])"))
        try processor.archive(report.pendingArchive)
        try processor.archive(report.pendingArchive)
        #expect(spool.files(.processing).isEmpty)
        #expect(spool.files(.archive) == claims.map(\.description))
        let kept = try claims.map { try Data(contentsOf: URL(fileURLWithPath: "\(root)/archive/\($0)")) }
        #expect(Set(kept) == [first, second])
    }

    @Test("near miss: a draft refused unread for its owner's queue is not kept at all")
    func refusedUnreadIsNotKept() throws {
        processor.settings.maxQueuedPerSubmitter = 1
        for index in 0..<3 { try spool.drop(try ScratchSpool.draft(id: "q-\(index)"), as: "q-\(index).json") }
        let claims = try processor.claimFromIncoming(limit: 10)
        _ = processor.process(claims, at: ScratchSpool.instant, monotonicMilliseconds: 0)
        #expect(spool.files(.processing).isEmpty)
        #expect(spool.files(.archive).count + spool.files(.quarantine).count < 3)
    }
}
