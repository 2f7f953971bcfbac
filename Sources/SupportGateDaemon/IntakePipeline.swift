import BusinessCalendar
import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import SupportGateCore
import SupportGateSpool
import SupportGateSystemd

/// The gate's intake: claims drafts (from processing/ first, then incoming/), decides them,
/// commits their results and logs them. Two stages overlap: while the loop's thread commits
/// and logs the batch decided in the turn before, the worker thread claims and decides the
/// next one, and then archives the committed batch's originals. One claim path
/// (`claimAndPrepare`) and one commit-and-log path (`commitAndLog`), whichever thread and
/// turn they run in.
package final class IntakePipeline {
    /// Claims and decides: the worker's while it runs a job, this thread's between turns.
    let intake: WorkerOwned<DraftIntake>
    /// Results and deferrals: the loop's thread alone.
    package let committer: ResultCommitter
    let watcher: IncomingWatcher
    /// Claims and decides the next batch while the loop's thread commits and logs the current
    /// one; then archives the committed batch's originals.
    let worker = SerialWorker(name: "supportgate.worker")
    let archiveFault = WorkerFault()
    /// The drafts being decided, so that one that crashes or hangs the gate is put aside.
    let inFlightRecord: InFlightRecord
    private let watchdogFeeder: WatchdogFeeder
    let telemetry: GateTelemetry
    let clock: any GateClock
    var scan: IncomingScan
    private(set) var faultBackoff = FaultBackoff()
    /// Decided, not yet committed: the pipeline's middle.
    package private(set) var inFlight: PreparedBatch?
    /// How long a batch may spend deciding (tests shorten it).
    package var batchTimeBudget = DraftIntake.batchTimeBudget

    /// A pipeline of its own on `folders`, as the daemon builds one, for tools and tests that
    /// drive it step by step; `journal` and `notifier` hear what it logs and pings.
    package static func standalone(folders: OpenSpoolFolders, settings: SpoolSettings, evaluator: DraftEvaluator, journal: any JournalSink,
                                   notifier: any ServiceNotifier, clock: any GateClock) throws(SpoolError) -> IntakePipeline {
        let committer = ResultCommitter(folders: folders, settings: settings)
        let telemetry = GateTelemetry(journal: journal, notifier: notifier, clock: clock, committer: committer)
        let watcher = try IncomingWatcher(path: folders.paths.path(.incoming))
        return IntakePipeline(folders: folders, watcher: watcher, settings: settings, evaluator: evaluator, rescanIntervalSeconds: 60,
                              telemetry: telemetry, committer: committer, clock: clock)
    }

    init(folders: OpenSpoolFolders, watcher: IncomingWatcher, settings: SpoolSettings, evaluator: DraftEvaluator, rescanIntervalSeconds: Int,
         telemetry: GateTelemetry, committer: ResultCommitter, clock: any GateClock) {
        self.watcher = watcher
        self.committer = committer
        self.telemetry = telemetry
        self.clock = clock
        inFlightRecord = InFlightRecord(folders: folders)
        watchdogFeeder = WatchdogFeeder(notifier: telemetry.notifier)
        intake = WorkerOwned(DraftIntake(folders: folders, settings: settings, evaluator: evaluator))
        scan = IncomingScan(rescanIntervalSeconds: rescanIntervalSeconds)
    }

    deinit {
        worker.finish()
    }

    package var folders: OpenSpoolFolders { committer.folders }

    /// Before a commit that leaves nothing in flight (a stop, a reload, an idle turn).
    func dropInFlight() {
        inFlight = nil
    }

    func backOff(at now: Int64, schedule: FaultBackoff.Schedule) {
        faultBackoff.failed(at: now, schedule: schedule)
    }

    /// One turn: the worker claims the next batch and decides it while this thread commits
    /// the batch decided in the turn before. True when anything was done.
    func turn() -> Bool {
        let now = clock.monotonicMilliseconds()
        watcher.readEvents()
        let hints = watcher.drain()
        if hints.needsFullScan { telemetry.countQueueOverflow() }
        scan.note(hints, at: now)
        reportArchiveFault(at: now)
        guard faultBackoff.mayWork(at: now) else { return false }
        let batchSize = committer.settings.batchSize
        guard let current = inFlight else {
            // Nothing to overlap with: claim and decide here; the commit comes next turn.
            // Drafts in processing/ first (left by a crash or a stop, or deferred), and
            // incoming/ only when there are none.
            finishArchiving()  // originals still queued for the archive are not "left in processing/"
            reportArchiveFault(at: now)
            let due = committer.claimedDrafts(limit: batchSize, now: now)
            let feeder = watchdogFeeder
            let claimed = claimAndPrepare(due: due, fromIncoming: due.isEmpty && scan.due, now: now) { feeder.decidedHere() }()
            noteClaimed(claimed, at: now)
            if let fault = claimed.claimFault {
                reportFault(.spool(fault), at: now)
                return false
            }
            inFlight = claimed.batch
            return claimed.batch != nil
        }
        // Held drafts coming due (40,000 at once, say) take at most half a batch while
        // incoming/ may hold drafts: they never hold up a draft that was just dropped.
        let due = committer.dueDeferred(limit: scan.due ? batchSize / 2 : batchSize, now: now, notIn: current)
        let next = ClaimedBatchSlot()
        var preparing: DispatchSemaphore?
        if scan.due || !due.isEmpty {
            let feeder = watchdogFeeder
            let claim = claimAndPrepare(due: due, fromIncoming: scan.due, now: now) { feeder.advance() }
            preparing = worker.start { next.set(claim()) }
        }
        let fault = commitAndLog(current, archiving: .onWorker).fault.map(GateFault.init)
        if let preparing { watchdogFeeder.wait(for: preparing) }
        let prepared = next.value
        noteClaimed(prepared, at: now)
        if let fault {
            // The next batch is dropped too: the drafts of both are still in processing/ and
            // are decided again, in order. (The worker is idle: its job was waited for.)
            inFlight = nil
            reportFault(fault, at: now)
            return false
        }
        inFlight = prepared.batch
        let archiveFailed = reportArchiveFault(at: now)
        if let fault = prepared.claimFault {
            reportFault(.spool(fault), at: now)
        } else if !archiveFailed, faultBackoff.recovered() {
            telemetry.faultCleared()
        }
        return true
    }

    /// The one claim path: a job, run on this thread (nothing in flight) or on the worker,
    /// that claims up to a batch (`due`, claimed drafts that are due, and then, when
    /// `fromIncoming`, drafts from incoming/) and decides them, calling `decided` after each.
    /// Its outcome goes through `noteClaimed` on this thread.
    private func claimAndPrepare(due: [FileName], fromIncoming: Bool, now: Int64, instant: Timestamp? = nil,
                                 decided: @escaping @Sendable () -> Void) -> @Sendable () -> ClaimedBatch {
        let limit = committer.settings.batchSize - due.count
        let (arrivals, rescan) = fromIncoming ? scan.take(at: now) : ([], false)
        let (intake, record, budget, instant) = (self.intake, inFlightRecord, batchTimeBudget, instant ?? clock.now())
        return {
            intake.withLock { intake in
                var claimed = ClaimedBatch()
                // Fresh drafts first: a batch that runs out of time (DraftIntake.batchTimeBudget)
                // postpones what it did not reach, never a draft just dropped behind them.
                var claims: [FileName] = []
                if fromIncoming {
                    do throws(SpoolError) {
                        claims = try intake.claimFromIncoming(limit: limit, arrivals: arrivals, rescan: rescan)
                        claimed.claimedFromIncoming = claims.count
                    } catch {
                        claimed.claimFault = error
                    }
                    claimed.emptiedIncoming = claimed.claimFault == nil && claimed.claimedFromIncoming < limit && !intake.incomingMayHoldMore
                }
                claims += due
                if !claims.isEmpty { claimed.batch = intake.prepare(claims, at: instant, record: record, budgetMilliseconds: budget, progress: decided) }
                return claimed
            }
        }
    }

    /// Decides drafts already claimed, at `instant`, on this thread, through the claim path
    /// (SupportGateTestKit's `ScratchPipeline`, which claims and commits step by step).
    package func prepare(_ claims: [FileName], at instant: Timestamp) -> PreparedBatch {
        let feeder = watchdogFeeder
        return claimAndPrepare(due: claims, fromIncoming: false, now: clock.monotonicMilliseconds(), instant: instant) { feeder.decidedHere() }().batch
            ?? PreparedBatch()
    }

    /// The claim-and-decide stage itself, while the worker is idle (tests look into it).
    package func withIntake<Result: Sendable, Failure: Error>(_ body: (inout sending DraftIntake) throws(Failure) -> sending Result) throws(Failure) -> Result {
        try intake.withLock(body)
    }

    /// What a claim found, told to the incoming/ schedule on this thread once it has run:
    /// incoming/ gave less than it was asked for, so it is empty until inotify says otherwise.
    private func noteClaimed(_ claimed: ClaimedBatch, at now: Int64) {
        if claimed.emptiedIncoming { scan.scanned(at: now) }
    }
}
