import BusinessCalendar
import SupportGateCore
import SupportGateDaemon
import SupportGateSpool

/// The daemon's own intake pipeline (`IntakePipeline`) on a spool, driven step by step: claim,
/// decide through the pipeline's claim path, commit through its commit-and-log path. For
/// tests and benchmarks that look at one stage at a time; `PipelineHarness` runs the whole
/// gate. What the pipeline logs goes to `journal`.
public final class ScratchPipeline {
    public let journal = MemoryJournal()
    public let notifier = RecordingNotifier()
    public let clock = ManualClock(wall: ScratchSpool.instant)
    private let pipeline: IntakePipeline

    public init(paths: SpoolPaths, settings: SpoolSettings, evaluator: DraftEvaluator) throws(SpoolError) {
        let folders = try OpenSpoolFolders(paths: paths)
        pipeline = try IntakePipeline.standalone(folders: folders, settings: settings, evaluator: evaluator,
                                                 journal: journal, notifier: notifier, clock: clock)
        pipeline.batchTimeBudget = .max / 4  // tests decide whole batches
    }

    public var paths: SpoolPaths { pipeline.folders.paths }
    public var committer: ResultCommitter { pipeline.committer }

    public var settings: SpoolSettings {
        get { pipeline.committer.settings }
        set { pipeline.apply(settings: newValue, evaluator: evaluator, rescanIntervalSeconds: 60) }
    }

    public var evaluator: DraftEvaluator {
        get { pipeline.withIntake { $0.evaluator } }
        set { pipeline.apply(settings: settings, evaluator: newValue, rescanIntervalSeconds: 60) }
    }

    /// The claim-and-decide stage itself (held drafts, the batch budget, the in-flight record).
    public func withIntake<Result: Sendable, Failure: Error>(_ body: (inout sending DraftIntake) throws(Failure) -> sending Result) throws(Failure) -> Result {
        try pipeline.withIntake(body)
    }

    public func claimFromIncoming(limit: Int, arrivals: [FileName] = [], rescan: Bool = true) throws(SpoolError) -> [FileName] {
        try withIntake { intake throws(SpoolError) in try intake.claimFromIncoming(limit: limit, arrivals: arrivals, rescan: rescan) }
    }

    public var incomingMayHoldMore: Bool { withIntake { $0.incomingMayHoldMore } }

    public func claimedDrafts(limit: Int, now: Int64) -> [FileName] {
        committer.claimedDrafts(limit: limit, now: now)
    }

    public func prepare(_ claims: [FileName], at instant: Timestamp) -> PreparedBatch {
        pipeline.prepare(claims, at: instant)
    }

    /// Commits and logs `batch` at monotonic time `now`; with `archiveLater` its originals
    /// stay in processing/ and the report's `pendingArchive` says where they go (`archive`).
    public func commit(_ batch: PreparedBatch, monotonicMilliseconds now: Int64, archiveLater: Bool = false) -> BatchReport {
        clock.set(monotonicMilliseconds: now)
        return pipeline.commitAndLog(batch, archiving: archiveLater ? .byCaller : .now)
    }

    public func archive(_ pending: PendingArchive) throws(SpoolError) {
        try committer.archiver.archive(pending)
    }

    /// Decides a batch of claimed drafts and commits their results.
    public func process(_ claims: [FileName], at instant: Timestamp, monotonicMilliseconds now: Int64) -> BatchReport {
        commit(prepare(claims, at: instant), monotonicMilliseconds: now)
    }
}
