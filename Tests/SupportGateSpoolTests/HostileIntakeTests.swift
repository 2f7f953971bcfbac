import BusinessCalendar
import Foundation
import SupportGateConfig
import SupportGateCore
import SupportGateSpool
import SupportGateTestKit
import Testing

/// What one submitter can do to everyone's intake with plain file operations in the
/// shared drop folder: fill it with directories, reuse names, squat on the names others
/// will use. None of it may stop or jam the gate.
@Suite("Intake against a hostile submitter")
struct HostileIntakeTests {
    let spool: ScratchSpool
    let processor: ScratchPipeline
    var root: String { spool.root }

    init() throws {
        spool = try ScratchSpool("intake")
        processor = try spool.pipeline()
    }

    private func draft(id: String) throws -> Data { try ScratchSpool.draft(id: id) }
    private func drop(_ data: Data, as name: String) throws { try spool.drop(data, as: name) }
    private func files(_ folder: SpoolPaths.Folder) -> [String] { spool.files(folder) }

    @Test("3,000 directories in incoming/ do not use up a pass: the one draft among them is claimed at once")
    func directoriesDoNotHoldUpIntake() throws {
        for index in 0..<3_000 {
            try FileManager.default.createDirectory(atPath: "\(root)/incoming/squat-\(index).json", withIntermediateDirectories: false)
        }
        try drop(try draft(id: "among-directories"), as: "real.json")
        let claims = try processor.claimFromIncoming(limit: 256)
        #expect(claims.count == 1)
        let report = processor.process(claims, at: ScratchSpool.instant, monotonicMilliseconds: 0)
        #expect(report.fault == nil)
        #expect(spool.results == ["among-directories.json"])
        #expect(files(.incoming).count == 3_000)
    }

    @Test("near miss: with no directories, a full pass claims a full batch")
    func fullBatchWithoutDirectories() throws {
        for index in 0..<300 { try drop(try draft(id: "d\(index)"), as: "d\(index).json") }
        #expect(try processor.claimFromIncoming(limit: 256).count == 256)
    }

    @Test("one name used over and over: every claim has a name of its own, every original is kept")
    func reusedNamesNeverClash() throws {
        var claims: Set<String> = []
        for round in 0..<20 {
            try drop(try draft(id: "reuse-\(round)"), as: "same.json")
            let claimed = try processor.claimFromIncoming(limit: 10)
            #expect(claimed.count == 1)
            claims.formUnion(claimed.map(\.description))
            let report = processor.process(claimed, at: ScratchSpool.instant, monotonicMilliseconds: 0)
            #expect(report.fault == nil)
        }
        #expect(claims.count == 20)
        #expect(files(.archive).count == 20)
        #expect(spool.results.count == 20)
    }

    @Test("a name already in archive/ is not a fault: the original goes beside it, and the file there is untouched")
    func archiveClashIsResolved() throws {
        try drop(try draft(id: "clash"), as: "clash.json")
        let claims = try processor.claimFromIncoming(limit: 10)
        let claim = try #require(claims.first?.description)
        let squatter = "\(root)/archive/\(claim)"
        try Data("not the draft".utf8).write(to: URL(fileURLWithPath: squatter))
        let report = processor.process(claims, at: ScratchSpool.instant, monotonicMilliseconds: 0)
        #expect(report.fault == nil)
        #expect(files(.archive) == [claim, "\(claim).1"])
        #expect(try String(contentsOfFile: squatter, encoding: .utf8) == "not the draft")
        #expect(files(.processing).isEmpty)
    }

    @Test("submit finds a free name when another submitter squats on the name and its next thousand")
    func submitOutrunsSquatters() throws {
        try FileManager.default.createDirectory(atPath: "\(root)/incoming/b-next.json", withIntermediateDirectories: false)
        for index in 1...999 {
            try FileManager.default.createDirectory(atPath: "\(root)/incoming/b-next-\(index).json", withIntermediateDirectories: false)
        }
        let submitter = try DraftSubmitter(paths: SpoolPaths(root: root))
        let name = try submitter.submit(Array(try draft(id: "b-next")), name: "b-next.json")
        #expect(name.hasPrefix("b-next-") && name.hasSuffix(".json"))
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: "\(root)/incoming/\(name)", isDirectory: &isDirectory) && !isDirectory.boolValue)
    }

    @Test("near miss: a free name is used as it is")
    func submitUsesAFreeName() throws {
        let submitter = try DraftSubmitter(paths: SpoolPaths(root: root))
        #expect(try submitter.submit(Array(try draft(id: "free")), name: "free.json") == "free.json")
    }

    @Test("a 5 GB draft is rejected and only its first maxDraftBytes are kept: quarantine holds a bounded head, not the file")
    func oversizedOriginalKeepsOnlyItsHead() throws {
        let path = "\(root)/incoming/huge.json"
        let prefix = Data("{\"apiVersion\":\"supportgate/v1\",\"draftId\":\"huge\",".utf8)
        try prefix.write(to: URL(fileURLWithPath: path))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 5_400_000_000)  // sparse: no disk used here
        try handle.close()
        let claims = try processor.claimFromIncoming(limit: 10)
        let report = processor.process(claims, at: ScratchSpool.instant, monotonicMilliseconds: 0)
        #expect(report.fault == nil)
        let claim = try #require(claims.first?.description)
        #expect(files(.rejected).count == 1 && files(.rejected)[0].hasPrefix("huge.unreadable-"))
        #expect(try String(contentsOfFile: spool.resultPath(.rejected, files(.rejected)[0]), encoding: .utf8).contains("DRAFT_TOO_LARGE"))
        #expect(files(.quarantine) == ["\(claim).head"])
        let head = try Data(contentsOf: URL(fileURLWithPath: "\(root)/quarantine/\(claim).head"))
        #expect(head.count == processor.settings.maxDraftBytes)
        #expect(head.prefix(prefix.count) == prefix)
        #expect(files(.processing).isEmpty && files(.incoming).isEmpty)
    }

    @Test("near miss: a malformed draft within the limit is quarantined whole, under its claim name")
    func smallQuarantinedOriginalIsKeptWhole() throws {
        try drop(Data("{ not json".utf8), as: "broken.json")
        let claims = try processor.claimFromIncoming(limit: 10)
        _ = processor.process(claims, at: ScratchSpool.instant, monotonicMilliseconds: 0)
        #expect(files(.quarantine) == claims.map(\.description))
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(root)/quarantine/\(claims[0])")) == Data("{ not json".utf8))
    }
}
