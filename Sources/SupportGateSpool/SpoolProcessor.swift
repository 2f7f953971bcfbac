import BusinessCalendar
import SupportGateCore

/// The spool's queue manager on one thread: claims drafts from incoming/ by atomic rename
/// into processing/, decides them, and commits results before the originals leave
/// processing/. Its three parts are the pipeline's: `DraftIntake` (claim and decide: the
/// daemon's worker thread), `ResultCommitter` (results and deferrals: the main thread) and
/// `OriginalArchiver` (either). The daemon runs them on two threads; this runs them one
/// after the other, for tools and tests.
public final class SpoolProcessor {
    public let intake: DraftIntake
    public let committer: ResultCommitter

    public init(layout: SpoolLayout, settings: SpoolSettings, evaluator: DraftEvaluator) throws(SpoolError) {
        let folders = try SpoolFolders(layout: layout)
        intake = DraftIntake(folders: folders, settings: settings, evaluator: evaluator)
        committer = ResultCommitter(folders: folders, settings: settings)
    }

    public var layout: SpoolLayout { intake.folders.layout }

    public var settings: SpoolSettings {
        get { intake.settings }
        set {
            intake.settings = newValue
            committer.settings = newValue
        }
    }

    public func claimFromIncoming(limit: Int, arrivals: [FileName] = [], rescan: Bool = true) throws(SpoolError) -> [FileName] {
        try intake.claimFromIncoming(limit: limit, arrivals: arrivals, rescan: rescan)
    }

    public var incomingMayHoldMore: Bool { intake.incomingMayHoldMore }

    public func claimedDrafts(limit: Int, now: Int64) -> [FileName] {
        committer.claimedDrafts(limit: limit, now: now)
    }

    public func prepare(_ claims: [FileName], at instant: Timestamp) -> PreparedBatch {
        intake.prepare(claims, at: instant, budgetMilliseconds: .max / 4)  // tests decide whole batches
    }

    public func commit(_ batch: PreparedBatch, monotonicMilliseconds now: Int64, archiveLater: Bool = false) -> BatchReport {
        committer.commit(batch, monotonicMilliseconds: now, archiveLater: archiveLater)
    }

    public func archive(_ pending: PendingArchive) throws(SpoolError) {
        try committer.archiver.archive(pending)
    }

    /// Decides a batch of claimed drafts and commits their results.
    public func process(_ claims: [FileName], at instant: Timestamp, monotonicMilliseconds now: Int64) -> BatchReport {
        commit(prepare(claims, at: instant), monotonicMilliseconds: now)
    }
}
