import BusinessCalendar
import Foundation
import StrictJSON
import SupportGateConfig
import SupportGateCommit
import SupportGateCore
import SupportGateLedger
import SupportGateSpool
import SupportGateTestKit
import Testing

/// The spool's claim and commit discipline, on a real folder tree.
@Suite("Spool pipeline: claim, decide, commit on a real folder tree")
struct ScratchPipelineTests {
    static let gate = ScratchSpool.gate
    static let instant = ScratchSpool.instant

    let spool: ScratchSpool
    let processor: ScratchPipeline
    var root: String { spool.root }

    init() throws {
        spool = try ScratchSpool("spool")
        processor = try spool.pipeline()
    }

    /// Another processor on the same spool and ledger: the gate after a restart.
    private static func processor(root: String) throws -> ScratchPipeline {
        let processor = try ScratchPipeline(paths: SpoolPaths(root: root), settings: SpoolSettings(quietMilliseconds: 0), evaluator: gate.evaluator)
        processor.committer.settlement = LedgerCommit(ledger: try SQLiteLedger(path: "\(root)/ledger.sqlite"), gate: GateIdentity(spoolRoot: root))
        return processor
    }

    private func example(_ name: String) throws -> Data { try ScratchSpool.example(name) }
    private func drop(_ data: Data, as name: String) throws { try spool.drop(data, as: name) }
    private func files(_ folder: SpoolPaths.Folder) -> [String] { spool.files(folder) }

    private func runOnce(_ processor: ScratchPipeline? = nil) -> BatchReport {
        let processor = processor ?? self.processor
        let claims = ((try? processor.claimFromIncoming(limit: 100)) ?? []) + processor.claimedDrafts(limit: 100, now: 0)
        return processor.process(Array(Set(claims)).sorted(), at: Self.instant, monotonicMilliseconds: 0)
    }

    private func isRepeat(_ report: BatchReport) -> Bool {
        guard report.outcomes.count == 1, case .adopted = report.outcomes[0].disposition else { return false }
        return true
    }

    private func changedExample() throws -> Data {
        Data(String(decoding: try example("azure-billing-own"), as: UTF8.self).replacingOccurrences(of: "my title", with: "another title").utf8)
    }

    @Test("acceptances made before a restart are remembered by the ledger: a repeat, and a duplicate")
    func resultsFromBeforeTheStartAreFoundThroughTheIndex() throws {
        try drop(try example("azure-billing-own"), as: "first.json")
        _ = runOnce()
        let restarted = try Self.processor(root: root)
        try drop(try example("azure-billing-own"), as: "again.json")
        #expect(isRepeat(runOnce(restarted)))
        try drop(try changedExample(), as: "changed.json")
        _ = runOnce(restarted)
        #expect(files(.rejected).filter { $0.hasPrefix("azure-billing-own.dup-") }.count == 1)
    }

    @Test("an acceptance this gate made batches ago is a repeat when its draft comes back")
    func resultsThisGateWroteAreAddedToTheIndex() throws {
        try drop(try example("azure-billing-own"), as: "first.json")
        _ = runOnce()
        _ = runOnce()  // two empty batches: the draft is no longer in the in-flight ledgers
        _ = runOnce()
        try drop(try example("azure-billing-own"), as: "again.json")
        #expect(isRepeat(runOnce()))
    }

    @Test("near miss: with the result files deleted, the ledger still gives the same answers")
    func withoutTheIndexTheFoldersAreAsked() throws {
        try drop(try example("azure-billing-own"), as: "first.json")
        _ = runOnce()
        let unindexed = try Self.processor(root: root)
        for name in files(.accepted) { try FileManager.default.removeItem(atPath: "\(root)/accepted/\(ScratchSpool.contoso)/\(name)") }
        try drop(try example("azure-billing-own"), as: "again.json")
        #expect(isRepeat(runOnce(unindexed)))
        try drop(try changedExample(), as: "changed.json")
        _ = runOnce(unindexed)
        #expect(files(.rejected).filter { $0.hasPrefix("azure-billing-own.dup-") }.count == 1)
    }

    @Test func aDraftIsClaimedDecidedAndArchived() throws {
        try drop(try example("azure-billing-own"), as: "one.json")
        let report = runOnce()
        #expect(report.fault == nil)
        #expect(report.decidedCount == 1)
        #expect(files(.incoming).isEmpty)
        #expect(files(.processing).isEmpty)
        // Rejected: the test runs as a uid that is not one of Contoso's submitters.
        #expect(files(.rejected) + files(.accepted) == ["azure-billing-own.json"])
        #expect(files(.archive).count == 1 && files(.archive)[0].hasSuffix("-one.json"))
    }

    @Test func theSameBytesAgainAreARepeatWithNoNewResult() throws {
        let draft = try example("azure-billing-own")
        try drop(draft, as: "first.json")
        _ = runOnce()
        try drop(draft, as: "again.json")
        let report = runOnce()
        #expect(report.decidedCount == 0)
        #expect(report.outcomes.count == 1)
        if case .adopted(let earlier) = report.outcomes.first?.disposition { #expect(earlier.draftId == "azure-billing-own") } else { Issue.record("not a repeat") }
        #expect(files(.rejected) + files(.accepted) == ["azure-billing-own.json"])
        #expect(files(.archive).count == 2)
    }

    @Test func differentBytesUnderAUsedIdAreADuplicateBesideTheFirstResult() throws {
        try drop(try example("azure-billing-own"), as: "first.json")
        _ = runOnce()
        var changed = String(decoding: try example("azure-billing-own"), as: UTF8.self)
        changed = changed.replacingOccurrences(of: "my title", with: "another title")
        try drop(Data(changed.utf8), as: "second.json")
        _ = runOnce()
        let duplicate = files(.rejected).filter { $0.hasPrefix("azure-billing-own.dup-") }
        #expect(duplicate.count == 1)
        let text = try String(contentsOfFile: spool.resultPath(.rejected, duplicate[0]), encoding: .utf8)
        #expect(text.contains("DRAFT_DUPLICATE"))
    }

    @Test func aMalformedDraftIsQuarantinedAndDoesNotUseUpItsId() throws {
        try drop(Data(#"{"apiVersion":"supportgate/v1","draftId":"azure-billing-own","oops":1}"#.utf8), as: "bad.json")
        _ = runOnce()
        #expect(files(.quarantine).count == 1)
        #expect(files(.rejected).first?.hasPrefix("azure-billing-own.invalid-") == true)
        try drop(try example("azure-billing-own"), as: "fixed.json")
        _ = runOnce()
        #expect((files(.rejected) + files(.accepted)).contains("azure-billing-own.json"))
    }

    @Test func afterACrashBetweenResultAndArchiveTheDraftIsRecognisedNotDecidedAgain() throws {
        try drop(try example("azure-billing-own"), as: "one.json")
        _ = runOnce()
        // Put the original back into processing/, as if the gate died before moving it.
        let archived = files(.archive)[0]
        try FileManager.default.moveItem(atPath: "\(root)/archive/\(archived)", toPath: "\(root)/processing/\(archived)")
        let before = try String(contentsOfFile: spool.resultPath(.accepted, "azure-billing-own.json"), encoding: .utf8)
        let report = runOnce()
        #expect(report.decidedCount == 0)
        #expect(files(.processing).isEmpty)
        #expect(try String(contentsOfFile: spool.resultPath(.accepted, "azure-billing-own.json"), encoding: .utf8) == before)
    }

    @Test("archiving later: the result is durable first, the original stays in processing/ until archive(_:), which is safe to repeat")
    func archivingLater() throws {
        try drop(try example("azure-billing-own"), as: "one.json")
        let claims = try processor.claimFromIncoming(limit: 10)
        let report = processor.commit(processor.prepare(claims, at: Self.instant), monotonicMilliseconds: 0, archiveLater: true)
        #expect(report.fault == nil && report.decidedCount == 1)
        #expect(files(.rejected) + files(.accepted) == ["azure-billing-own.json"])
        #expect(files(.processing).count == 1 && files(.archive).isEmpty)
        #expect(report.outcomes.first?.originalPath == "archive/\(files(.processing)[0])")
        try processor.archive(report.pendingArchive)
        #expect(files(.processing).isEmpty && files(.archive).count == 1)
        try processor.archive(report.pendingArchive)
        #expect(files(.archive).count == 1)
    }

    @Test("a crash before the archive: the original left in processing/ is recognised as a repeat")
    func crashBeforeTheArchiveIsARepeat() throws {
        try drop(try example("azure-billing-own"), as: "one.json")
        let claims = try processor.claimFromIncoming(limit: 10)
        _ = processor.commit(processor.prepare(claims, at: Self.instant), monotonicMilliseconds: 0, archiveLater: true)
        let restarted = try Self.processor(root: root)
        let report = runOnce(restarted)
        #expect(isRepeat(report))
        #expect(files(.processing).isEmpty && files(.archive).count == 1)
    }

    @Test("a draft still open for writing is deferred; once due it is handed out again, but not while its batch is in flight")
    func dueDeferredDraftsAreNotHandedOutTwice() throws {
        try drop(try example("azure-billing-own"), as: "open.json")
        let writer = try #require(FileHandle(forWritingAtPath: "\(root)/incoming/open.json"))
        defer { try? writer.close() }
        let claims = try processor.claimFromIncoming(limit: 10)
        let first = processor.commit(processor.prepare(claims, at: Self.instant), monotonicMilliseconds: 0)
        guard case .deferred = try #require(first.outcomes.first).disposition else {
            Issue.record("not deferred: \(first.outcomes)")
            return
        }
        #expect(processor.committer.dueDeferred(limit: 10, now: 0) == claims)
        let inFlight = processor.prepare(claims, at: Self.instant)
        #expect(processor.committer.dueDeferred(limit: 10, now: 0, notIn: inFlight).isEmpty)
    }

    @Test func temporaryResultsLeftByACrashAreRemovedAtStart() throws {
        _ = FileManager.default.createFile(atPath: "\(root)/accepted/~tmp-dead-x.json", contents: Data("{".utf8))
        processor.committer.removeTemporaryResults()
        #expect(files(.accepted).isEmpty)
    }

    @Test func hiddenNamesAndDirectoriesAreNotClaimed() throws {
        try drop(try example("azure-billing-own"), as: ".being-written.tmp")
        try FileManager.default.createDirectory(atPath: "\(root)/incoming/folder.json", withIntermediateDirectories: false)
        #expect(try processor.claimFromIncoming(limit: 10).isEmpty)
        #expect(files(.incoming) == [".being-written.tmp", "folder.json"])
    }

    @Test func perFileDurabilityGivesTheSameResults() throws {
        processor.settings.durability = .perFile
        try drop(try example("azure-billing-own"), as: "a.json")
        try drop(try example("azure-own-tenant-csp"), as: "b.json")
        let report = runOnce()
        #expect(report.decidedCount == 2)
        #expect(spool.results == ["azure-billing-own.json", "azure-own-tenant-csp.json"])
    }

    @Test func submitWritesThroughStagingAndNeverReplacesADraft() throws {
        let submitter = try DraftSubmitter(paths: SpoolPaths(root: root))
        let first = try submitter.submit(Array(try example("azure-billing-own")), name: "/some/where/draft.json")
        let second = try submitter.submit(Array(try example("azure-billing-own")), name: "draft.json")
        #expect(first == "draft.json")
        #expect(second == "draft-1.json")
        #expect(files(.staging).isEmpty)
        #expect(files(.incoming) == ["draft-1.json", "draft.json"])
    }

    @Test("a hard link is rejected and removed from processing/; nothing of the other name's file is kept")
    func aHardLinkIsRejectedAndNothingOfItIsKept() throws {
        let elsewhere = "\(root)/elsewhere.json"
        try example("azure-billing-own").write(to: URL(fileURLWithPath: elsewhere))
        try FileManager.default.linkItem(atPath: elsewhere, toPath: "\(root)/incoming/linked.json")
        _ = runOnce()
        let result = try #require(files(.rejected).first)
        #expect(try String(contentsOfFile: spool.resultPath(.rejected, result), encoding: .utf8).contains("hard link"))
        #expect(FileManager.default.fileExists(atPath: elsewhere))
        #expect(files(.quarantine).isEmpty && files(.processing).isEmpty)
    }

    @Test("two identical duplicates in one batch: one DRAFT_DUPLICATE result, no jam")
    func identicalDuplicatesInOneBatch() throws {
        try drop(try example("azure-billing-own"), as: "first.json")
        _ = runOnce()
        let changed = Data(String(decoding: try example("azure-billing-own"), as: UTF8.self)
            .replacingOccurrences(of: "my title", with: "another title").utf8)
        try drop(changed, as: "copy-1.json")
        try drop(changed, as: "copy-2.json")
        let report = runOnce()
        #expect(report.fault == nil)
        #expect(files(.rejected).filter { $0.hasPrefix("azure-billing-own.dup-") }.count == 1)
        #expect(files(.processing).isEmpty)
        #expect(files(.archive).count == 3)
    }
}
