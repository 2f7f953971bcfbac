import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateCore
import SupportGateSpool
import SupportGateTestKit
import Testing

/// `submit --wait` tells its own new result from an earlier one by the result's modification
/// time against the moment of the drop. File systems stamp files with the kernel's coarse
/// clock (the last tick), so the drop must be timed on that clock too: a result written within
/// a tick of the drop was taken for an earlier one and answered only after `settleSeconds`
/// (5 of 32 hostile probes in t-36 waited 5 s).
@Suite("submit --wait and the clock files are stamped with")
struct ResultWaitClockTests {
    static let partner = "c0a70500-0000-4000-8000-000000000001"

    @Test("a file written right after ResultLocator.now() is never older than it")
    func dropTimeNeverAfterTheResult() throws {
        let spool = try ScratchSpool("clock")
        var older = 0
        for attempt in 0..<2_000 {
            let droppedAt = ResultLocator.now()
            let path = "\(spool.root)/rejected/f\(attempt)"
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            try #require(descriptor >= 0)
            close(descriptor)
            var status = stat()
            try #require(lstat(path, &status) == 0)
            let modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
            if modified < droppedAt { older += 1 }
        }
        #expect(older == 0, "\(older) of 2,000 files looked older than the moment before they were written")
    }

    @Test("a submitter's rejection written at once after the drop is its answer, without waiting to settle")
    func immediateRejectionIsFound() throws {
        let spool = try ScratchSpool("clock-find")
        let paths = SpoolPaths(root: spool.root)
        let shelf = "\(paths.path(.rejected))/uid-\(getuid())"
        try FileManager.default.createDirectory(atPath: shelf, withIntermediateDirectories: true)
        var missed = 0
        for attempt in 0..<200 {
            let bytes = Array(#"{"apiVersion": "supportgate/v1", "draftId": "probe-\#(attempt)", "partnerTenantId": "\#(Self.partner)"}"#.utf8)
            let locator = ResultLocator(paths: paths, uid: getuid(), bytes: bytes, incomingName: "probe-\(attempt).json", droppedAt: ResultLocator.now())
            let name = "probe-\(attempt).unauthorized-\(locator.digest.prefix(16)).json"
            try "{}".write(toFile: "\(shelf)/\(name)", atomically: false, encoding: .utf8)
            if locator.find(acceptEarlier: false) != "\(shelf)/\(name)" { missed += 1 }
        }
        #expect(missed == 0, "\(missed) of 200 results written right after the drop were not taken as the answer")
    }

    @Test("near miss: a rejection written before the drop is an earlier draft's, taken only once settled")
    func earlierRejectionWaits() throws {
        let spool = try ScratchSpool("clock-earlier")
        let paths = SpoolPaths(root: spool.root)
        let shelf = "\(paths.path(.rejected))/uid-\(getuid())"
        try FileManager.default.createDirectory(atPath: shelf, withIntermediateDirectories: true)
        let bytes = Array(#"{"apiVersion": "supportgate/v1", "draftId": "old-1", "partnerTenantId": "\#(Self.partner)"}"#.utf8)
        let digest = SHA256.hex(SHA256.hash(bytes))
        let path = "\(shelf)/old-1.unauthorized-\(digest.prefix(16)).json"
        try "{}".write(toFile: path, atomically: false, encoding: .utf8)
        let locator = ResultLocator(paths: paths, uid: getuid(), bytes: bytes, incomingName: "old-1.json", droppedAt: ResultLocator.now() + 2_000_000_000)
        #expect(locator.find(acceptEarlier: false) == nil)
        #expect(locator.find(acceptEarlier: true) == path)
    }
}
