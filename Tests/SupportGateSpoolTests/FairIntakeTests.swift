import BusinessCalendar
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
import SupportGateCore
import SupportGateSpool
import SupportGateTestKit
import Testing

/// One submitter's flood neither starves another submitter (intake takes turns between
/// file owners) nor fills the gate's queue (per-submitter caps refuse the excess unread).
@Suite("Fair intake and per-submitter caps")
struct FairIntakeTests {
    static let otherUID: UInt32 = 4242
    static let isRoot = getuid() == 0

    let spool: ScratchSpool

    init() throws {
        spool = try ScratchSpool("fair")
    }

    private func processor(_ settings: SpoolSettings = SpoolSettings(quietMilliseconds: 0)) throws -> ScratchPipeline {
        try spool.pipeline(settings)
    }

    private func drop(id: String, as name: String, owner: UInt32? = nil) throws {
        try spool.drop(try ScratchSpool.draft(id: id), as: name, owner: owner)
    }

    private func files(_ folder: SpoolPaths.Folder) -> [String] { spool.files(folder) }

    /// `count` drafts of this process's uid, named "<prefix>-N.json".
    private func dropBacklog(_ count: Int, prefix: String) throws {
        let data = try ScratchSpool.draft(id: "backlog")
        for index in 0..<count {
            try data.write(to: URL(fileURLWithPath: "\(spool.root)/incoming/\(prefix)-\(index).json"))
        }
    }

    /// Claims pass after pass, as the daemon does (a sweep first, then on from there),
    /// until incoming/ holds nothing more.
    private func claimEverything(_ processor: ScratchPipeline) throws -> [FileName] {
        var claimed: [FileName] = []
        var passes = 0
        repeat {
            claimed += try processor.claimFromIncoming(limit: 256, rescan: passes == 0)
            passes += 1
        } while processor.incomingMayHoldMore && passes < 1_000
        return claimed
    }

    @Test("a single draft of another owner is claimed in the first pass, however many one owner has waiting",
          .enabled(if: isRoot, "chown needs root"))
    func anotherOwnerIsNotStarved() throws {
        for index in 0..<2_000 { try drop(id: "flood-\(index)", as: "flood-\(index).json") }
        try drop(id: "single", as: "zz-single.json", owner: Self.otherUID)
        let claims = try processor().claimFromIncoming(limit: 256)
        #expect(claims.count == 256)  // found by a sweep, not just dropped: full batches
        #expect(claims.prefix(2).contains { $0.description.hasSuffix("-zz-single.json") })
    }

    @Test("a draft that arrives while one owner's backlog is indexed is taken at its owner's next turn",
          .enabled(if: isRoot, "chown needs root"))
    func arrivalsTakeTheirTurn() throws {
        for index in 0..<2_000 { try drop(id: "flood-\(index)", as: "flood-\(index).json") }
        let processor = try processor()
        #expect(try processor.claimFromIncoming(limit: 256).count == 256)
        try drop(id: "late", as: "late.json", owner: Self.otherUID)
        let next = try processor.claimFromIncoming(limit: 256, arrivals: [FileName("late.json")], rescan: false)
        #expect(next.prefix(2).contains { $0.description.hasSuffix("-late.json") })
        #expect(next.count == 64)  // a light submitter just dropped behind a backlog: shorter turns
    }

    @Test("near miss: with one owner, a pass is that owner's drafts only, a full batch")
    func oneOwnerFillsTheBatch() throws {
        for index in 0..<300 { try drop(id: "d\(index)", as: "d\(index).json") }
        #expect(try processor().claimFromIncoming(limit: 256).count == 256)
    }

    @Test("over the count cap, the excess is refused unread (SUBMITTER_QUEUE_FULL) and its original is not kept")
    func countCapRefusesTheExcess() throws {
        let processor = try processor(SpoolSettings(quietMilliseconds: 0, maxQueuedPerSubmitter: 5))
        for index in 0..<8 { try drop(id: "q\(index)", as: "q\(index).json") }
        let claims = try processor.claimFromIncoming(limit: 100)
        let report = processor.process(claims, at: ScratchSpool.instant, monotonicMilliseconds: 0)
        #expect(report.fault == nil)
        let refused = files(.rejected).filter { $0.contains(".refused-") }
        #expect(refused.count == 3)
        let text = try String(contentsOfFile: spool.resultPath(.rejected, refused[0]), encoding: .utf8)
        #expect(text.contains("SUBMITTER_QUEUE_FULL") && text.contains("limits.maxQueuedPerSubmitter") && text.contains("\"1.submitter-queue\""))
        #expect(files(.archive).count == 5)
        #expect(files(.quarantine).isEmpty && files(.processing).isEmpty && files(.incoming).isEmpty)
    }

    @Test("near miss: at the cap exactly, nothing is refused")
    func atTheCapNothingIsRefused() throws {
        let processor = try processor(SpoolSettings(quietMilliseconds: 0, maxQueuedPerSubmitter: 5))
        for index in 0..<5 { try drop(id: "q\(index)", as: "q\(index).json") }
        _ = processor.process(try processor.claimFromIncoming(limit: 100), at: ScratchSpool.instant, monotonicMilliseconds: 0)
        #expect(!files(.rejected).contains { $0.contains(".refused-") })
        #expect(files(.archive).count == 5)
    }

    @Test("the byte cap counts what is waiting; a refused id is not used up")
    func byteCapRefusesAndLeavesTheIdFree() throws {
        let processor = try processor(SpoolSettings(quietMilliseconds: 0, maxQueuedBytesPerSubmitter: 3_000))
        for index in 0..<3 { try drop(id: "b\(index)", as: "b\(index).json") }  // about 1.3 kB each
        _ = processor.process(try processor.claimFromIncoming(limit: 100), at: ScratchSpool.instant, monotonicMilliseconds: 0)
        let refused = files(.rejected).filter { $0.contains(".refused-") }
        #expect(refused.count == 1)
        let id = String(refused[0].prefix { $0 != "." })
        try drop(id: id, as: "again.json")
        _ = processor.process(try processor.claimFromIncoming(limit: 100), at: ScratchSpool.instant, monotonicMilliseconds: 0)
        #expect(spool.results.contains("\(id).json"))  // decided normally the second time
    }

    @Test("one owner over its cap does not cost another owner anything", .enabled(if: isRoot, "chown needs root"))
    func capIsPerOwner() throws {
        let processor = try processor(SpoolSettings(quietMilliseconds: 0, maxQueuedPerSubmitter: 3))
        for index in 0..<10 { try drop(id: "a\(index)", as: "a\(index).json") }
        try drop(id: "other", as: "other.json", owner: Self.otherUID)
        _ = processor.process(try processor.claimFromIncoming(limit: 100), at: ScratchSpool.instant, monotonicMilliseconds: 0)
        #expect(files(.rejected).contains { $0.hasPrefix("other.unauthorized-") })  // decided (a stranger to Contoso), not refused
        #expect(files(.rejected).filter { $0.contains(".refused-") }.count == 7)
    }

    @Test("a backlog larger than the index holds is swept a part at a time: every draft is claimed once, none twice")
    func sweepClaimsABacklogOnce() throws {
        let processor = try processor()
        try dropBacklog(20_000, prefix: "b")
        let claimed = try claimEverything(processor)
        #expect(claimed.count == 20_000)
        #expect(Set(claimed).count == 20_000)
        #expect(files(.incoming).isEmpty && files(.processing).count == 20_000)
    }

    @Test("one owner's flood beyond what the index holds is refused while its share is full, and only the last drafts up to the cap are decided")
    func floodBeyondTheShareIsRefused() throws {
        let processor = try processor(SpoolSettings(quietMilliseconds: 0, maxQueuedPerSubmitter: 100))
        try dropBacklog(17_000, prefix: "f")
        let claimed = try claimEverything(processor)
        let decided = processor.process(claimed, at: ScratchSpool.instant, monotonicMilliseconds: 0)
        #expect(decided.fault == nil)
        let refused = files(.rejected).filter { $0.contains(".refused-") }.count
        #expect(refused >= 17_000 - 100 - 1 && refused <= 17_000 - 100)
    }
}
