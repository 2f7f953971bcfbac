import BusinessCalendar
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
import SupportGateCore
import SupportGateSpool
import Testing

/// One submitter's flood neither starves another submitter (intake takes turns between
/// file owners) nor fills the gate's queue (per-submitter caps refuse the excess unread).
@Suite("Fair intake and per-submitter caps")
struct FairIntakeTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let gate: LoadedGate = try! GateLoader.load(configPath: repositoryRoot.appendingPathComponent("Config/supportgate.toml").path).get()
    static let instant = Timestamp.parseRFC3339("2026-11-24T18:00:00Z")!
    static let otherUID: UInt32 = 4242
    static let isRoot = getuid() == 0

    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sg-fair-\(UUID().uuidString)").path
        for folder in SpoolLayout.Folder.allCases {
            try FileManager.default.createDirectory(atPath: "\(root)/\(folder.rawValue)", withIntermediateDirectories: true)
        }
    }

    private func processor(_ settings: SpoolSettings = SpoolSettings(quietMilliseconds: 0)) throws -> SpoolProcessor {
        let processor = try SpoolProcessor(layout: SpoolLayout(root: root), settings: settings, evaluator: Self.gate.evaluator)
        processor.loadResultIndex()
        return processor
    }

    private func drop(id: String, as name: String, owner: UInt32? = nil) throws {
        let text = String(decoding: try Data(contentsOf: Self.repositoryRoot.appendingPathComponent("Config/examples/azure-billing-own.draft.json")), as: UTF8.self)
        let path = "\(root)/incoming/\(name)"
        try Data(text.replacingOccurrences(of: "\"draftId\": \"azure-billing-own\"", with: "\"draftId\": \"\(id)\"").utf8).write(to: URL(fileURLWithPath: path))
        if let owner { #expect(chown(path, owner, owner) == 0) }
    }

    private func files(_ folder: SpoolLayout.Folder) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "\(root)/\(folder.rawValue)")) ?? []).sorted()
    }

    @Test("a single draft of another owner is claimed in the first pass, however many one owner has waiting",
          .enabled(if: isRoot, "chown needs root"))
    func anotherOwnerIsNotStarved() throws {
        for index in 0..<2_000 { try drop(id: "flood-\(index)", as: "flood-\(index).json") }
        try drop(id: "single", as: "zz-single.json", owner: Self.otherUID)
        let claims = try processor().claimFromIncoming(limit: 256)
        #expect(claims.count == 256)
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
        let report = processor.process(claims, at: Self.instant, monotonicMilliseconds: 0)
        #expect(report.fault == nil)
        let refused = files(.rejected).filter { $0.contains(".refused-") }
        #expect(refused.count == 3)
        let text = try String(contentsOfFile: "\(root)/rejected/\(refused[0])", encoding: .utf8)
        #expect(text.contains("SUBMITTER_QUEUE_FULL") && text.contains("limits.maxQueuedPerSubmitter") && text.contains("\"1.submitter-queue\""))
        #expect(files(.archive).count == 5)
        #expect(files(.quarantine).isEmpty && files(.processing).isEmpty && files(.incoming).isEmpty)
    }

    @Test("near miss: at the cap exactly, nothing is refused")
    func atTheCapNothingIsRefused() throws {
        let processor = try processor(SpoolSettings(quietMilliseconds: 0, maxQueuedPerSubmitter: 5))
        for index in 0..<5 { try drop(id: "q\(index)", as: "q\(index).json") }
        _ = processor.process(try processor.claimFromIncoming(limit: 100), at: Self.instant, monotonicMilliseconds: 0)
        #expect(!files(.rejected).contains { $0.contains(".refused-") })
        #expect(files(.archive).count == 5)
    }

    @Test("the byte cap counts what is waiting; a refused id is not used up")
    func byteCapRefusesAndLeavesTheIdFree() throws {
        let processor = try processor(SpoolSettings(quietMilliseconds: 0, maxQueuedBytesPerSubmitter: 3_000))
        for index in 0..<3 { try drop(id: "b\(index)", as: "b\(index).json") }  // about 1.3 kB each
        _ = processor.process(try processor.claimFromIncoming(limit: 100), at: Self.instant, monotonicMilliseconds: 0)
        let refused = files(.rejected).filter { $0.contains(".refused-") }
        #expect(refused.count == 1)
        let id = String(refused[0].prefix { $0 != "." })
        try drop(id: id, as: "again.json")
        _ = processor.process(try processor.claimFromIncoming(limit: 100), at: Self.instant, monotonicMilliseconds: 0)
        #expect(files(.rejected).contains("\(id).json"))  // decided normally the second time
    }

    @Test("one owner over its cap does not cost another owner anything", .enabled(if: isRoot, "chown needs root"))
    func capIsPerOwner() throws {
        let processor = try processor(SpoolSettings(quietMilliseconds: 0, maxQueuedPerSubmitter: 3))
        for index in 0..<10 { try drop(id: "a\(index)", as: "a\(index).json") }
        try drop(id: "other", as: "other.json", owner: Self.otherUID)
        _ = processor.process(try processor.claimFromIncoming(limit: 100), at: Self.instant, monotonicMilliseconds: 0)
        #expect(files(.rejected).contains("other.json"))  // decided (as a stranger to Contoso), not refused
        #expect(files(.rejected).filter { $0.contains(".refused-") }.count == 7)
    }
}
