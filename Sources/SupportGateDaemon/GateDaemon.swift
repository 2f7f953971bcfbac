import BusinessCalendar
import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
import SupportGateCore
import SupportGateSpool
import SupportGateSystemd
import SystemCalls
import Synchronization

/// `supportgate daemon`: the long-running gate. One loop on the main thread waits for
/// inotify, signals or a deadline, commits a batch and logs it; meanwhile a worker thread
/// claims and decides the next batch, and then archives the committed one's originals.
/// Signals are handled between turns, never inside a commit.
public final class GateDaemon {
    let configPath: String
    let journal: any JournalSink
    let notifier: ServiceNotifier
    let clock: any GateClock
    var gate: LoadedGate
    let folders: SpoolFolders
    /// Claims and decides: the worker's while it runs a job, this thread's between turns.
    let intake: WorkerOwned<DraftIntake>
    /// Results and deferrals: this thread's alone.
    let committer: ResultCommitter
    let watcher: IncomingWatcher
    let signals = SignalInbox()
    /// Loads a new configuration on a thread of its own (SIGHUP); `reloadRequests` waits for it.
    let loader: ConfigurationLoader
    var reloadRequests = ReloadRequests()
    let reloadReplies: ReloadReplies?
    var counters = DaemonCounters()
    var metrics = GateMetrics()
    /// When the metrics file is next written (monotonic milliseconds), and whether the last
    /// write failed (logged once until one succeeds).
    var nextMetricsWrite: Int64 = 0
    var metricsFailing = false
    var scanIncoming = true
    var nextRescan: Int64 = 0
    /// Names inotify reported, for the next claim; and whether it must read incoming/ whole.
    var pendingArrivals: [FileName] = []
    var rescanPending = true
    var faultBackoff = FaultBackoff()
    /// How long a batch may spend deciding (tests shorten it).
    var batchTimeBudget = DraftIntake.batchTimeBudget
    var lastStatus: Int64 = 0
    /// Decided, not yet committed: the pipeline's middle.
    var inFlight: PreparedBatch?
    /// Claims and decides the next batch while this thread commits and logs the current one;
    /// then archives the committed batch's originals.
    let worker = SerialWorker(name: "supportgate.worker")
    let unlogged = UnloggedEntries()
    let archiveFault = WorkerFault()
    /// The drafts being decided, so that one that crashes or hangs the gate is put aside.
    let inFlightRecord: InFlightRecord
    let watchdogFeeder: WatchdogFeeder

    public static let exitConfiguration: Int32 = 2
    public static let exitSpool: Int32 = 1

    /// Loads the configuration and opens the spool; throws with a message fit for the journal.
    /// - Parameter reloadReplies: where `supportgate reload` waits for its answer (the
    ///   service's runtime directory).
    public convenience init(configPath: String, journal: any JournalSink, notifier: ServiceNotifier = ServiceNotifier(),
                            clock: any GateClock = Clocks()) throws(DaemonStartError) {
        try self.init(configPath: configPath, journal: journal, notifier: notifier, clock: clock, reloadReplies: ReloadReplies.fromEnvironment())
    }

    /// - Parameter load: how a reload loads the configuration (tests slow it down).
    init(configPath: String, journal: any JournalSink, notifier: ServiceNotifier = ServiceNotifier(), clock: any GateClock = Clocks(),
         reloadReplies: ReloadReplies?, load: @escaping ConfigurationLoader.Load = ConfigurationLoader.fromFiles) throws(DaemonStartError) {
        self.configPath = configPath
        self.clock = clock
        self.journal = journal
        self.notifier = notifier
        self.reloadReplies = reloadReplies
        do {
            loader = try ConfigurationLoader(load: load)
        } catch {
            throw DaemonStartError(message: "cannot start the configuration loader: \(error)", exitCode: Self.exitSpool)
        }
        switch GateLoader.load(configPath: configPath, confidentialDirectory: true) {
        case .success(let loaded): gate = loaded
        case .failure(let error): throw DaemonStartError(message: error.description, exitCode: Self.exitConfiguration)
        }
        let layout = SpoolLayout(root: gate.configuration.spool.root)
        do {
            // The watch comes first, so a draft dropped during the start-up scan is not missed.
            watcher = try IncomingWatcher(path: layout.path(.incoming))
            folders = try SpoolFolders(layout: layout)
        } catch {
            throw DaemonStartError(message: "\(error) (is the spool laid out? see systemd/supportgate.tmpfiles)", exitCode: Self.exitSpool)
        }
        let settings = Self.spoolSettings(gate.configuration)
        inFlightRecord = InFlightRecord(folders: folders)
        watchdogFeeder = WatchdogFeeder(notifier: notifier)
        intake = WorkerOwned(DraftIntake(folders: folders, settings: settings, evaluator: gate.evaluator))
        committer = ResultCommitter(folders: folders, settings: settings)
        try Self.openLedger(gate.configuration.ledger, spoolRoot: layout.root, for: committer)
        do {
            try committer.checkResultAccess()
        } catch {
            throw DaemonStartError(message: "cannot keep results from other submitters: the spool's file system does not take POSIX ACLs (\(error)); mount it with ACLs, or set spool.resultAccess = \"group\" to let every submitter read any result by name", exitCode: Self.exitSpool)
        }
    }

    deinit {
        worker.finish()
    }

    static func spoolSettings(_ configuration: GateConfiguration) -> SpoolSettings {
        SpoolSettings(maxDraftBytes: configuration.limits.maxDraftBytes, batchSize: configuration.spool.batchSize,
                      durability: configuration.spool.durability,
                      quietMilliseconds: Int64(configuration.spool.quietMilliseconds),
                      maxQueuedPerSubmitter: configuration.limits.maxQueuedPerSubmitter,
                      maxQueuedBytesPerSubmitter: Int64(configuration.limits.maxQueuedBytesPerSubmitter),
                      resultAccess: configuration.spool.resultAccess)
    }

    /// Runs until SIGTERM or SIGINT; returns the exit code.
    public func run() -> Int32 {
        // With journald gone, writing to its stream socket must fail with EPIPE, not kill the gate.
        signal(SIGPIPE, SIG_IGN)
        if !folders.tryLockSpool() {
            guard waitAsStandby() else { return 0 }
        }
        start()
        while true {
            if handle(signals.read()) { break }
            completeReload()
            let worked = workOnce()
            notifier.watchdogAlive()
            reportInFlightRecordFault()
            reportStatus(force: false)
            writeMetrics(force: false)
            if !worked {
                finishInFlight()
                waitForWork()
            }
        }
        finishInFlight()
        writeMetrics(force: true)
        answerPendingReloads("the gate stopped before the reload finished")
        notifier.stopping(status: "stopping: \(counters.summary)")
        var stopping = JournalEntry(.gateStopping, "supportgate stopping: \(counters.summary)", priority: .info)
        stopping.add("DRAFTS_DECIDED", String(counters.decided))
        record(stopping)
        worker.finish()
        return 0
    }

    /// One turn of the intake pipeline: the worker thread claims the next batch from
    /// incoming/ and decides it while this thread commits the batch decided in the turn
    /// before. True when anything was done.
    func workOnce() -> Bool {
        let now = clock.monotonicMilliseconds()
        watcher.readEvents()
        let hints = watcher.drain()
        if hints.needsFullScan {
            counters.overflows += 1
            record(JournalEntry(.queueOverflow, "inotify queue overflowed; rescanning incoming/", priority: .warning))
        }
        if hints.needsFullScan || hints.arrived || now >= nextRescan {
            scanIncoming = true
        }
        if hints.needsFullScan || now >= nextRescan || pendingArrivals.count + hints.names.count > IncomingWatcher.nameLimit {
            rescanPending = true
            pendingArrivals = []
        } else if !rescanPending {
            pendingArrivals += hints.names
        }
        reportArchiveFault(at: now)
        guard faultBackoff.mayWork(at: now) else { return false }
        let batchSize = committer.settings.batchSize
        guard let current = inFlight else {
            // Nothing to overlap with: claim and decide here; the commit comes next turn.
            let claims: [FileName]
            do throws(SpoolError) {
                claims = try nextClaims(now: now)
            } catch {
                reportFault(error, at: now)
                return false
            }
            guard !claims.isEmpty else { return false }
            let instant = clock.now()
            let (record, feeder, budget) = (inFlightRecord, watchdogFeeder, batchTimeBudget)
            inFlight = intake.withLock { $0.prepare(claims, at: instant, record: record, budgetMilliseconds: budget) { feeder.decidedHere() } }
            return true
        }
        let instant = clock.now()
        // Held drafts coming due (40,000 at once, say) take at most half a batch while
        // incoming/ may hold drafts: they never hold up a draft that was just dropped.
        let due = committer.dueDeferred(limit: scanIncoming ? batchSize / 2 : batchSize, now: now, notIn: current)
        let claimIncoming = scanIncoming
        let next = PreparedBox()
        var preparing: DispatchSemaphore?
        if claimIncoming || !due.isEmpty {
            let (intake, record, feeder, budget) = (self.intake, inFlightRecord, watchdogFeeder, batchTimeBudget)
            let (arrivals, rescan) = claimIncoming ? takeIntakeHints(at: now) : ([], false)
            preparing = worker.start {
                let handoff = intake.withLock { intake in
                    var handoff = PreparedBox.Handoff()
                    // Fresh drafts first: a batch that runs out of time (DraftIntake.batchTimeBudget)
                    // postpones what it did not reach, never a draft just dropped behind them.
                    var claims: [FileName] = []
                    if claimIncoming {
                        do throws(SpoolError) {
                            let claimed = try intake.claimFromIncoming(limit: batchSize - due.count, arrivals: arrivals, rescan: rescan)
                            handoff.claimedFromIncoming = claimed.count
                            claims = claimed
                        } catch {
                            handoff.claimFault = error
                        }
                        handoff.incomingMayHoldMore = intake.incomingMayHoldMore
                    }
                    claims += due
                    if !claims.isEmpty { handoff.batch = intake.prepare(claims, at: instant, record: record, budgetMilliseconds: budget) { feeder.advance() } }
                    return handoff
                }
                next.set(handoff)
            }
        }
        let started = MonotonicClock.seconds()
        let report = committer.commit(current, monotonicMilliseconds: now, archiveLater: true)
        metrics.recordCommit(seconds: MonotonicClock.seconds() - started)
        archiveLater(report.pendingArchive)
        log(report)
        if let preparing { watchdogFeeder.wait(for: preparing) }
        let prepared = next.value
        if claimIncoming, prepared.claimFault == nil, prepared.claimedFromIncoming < batchSize - due.count, !prepared.incomingMayHoldMore {
            incomingScanned(at: now)
        }
        if let fault = report.fault {
            // The next batch is dropped too: the drafts of both are still in processing/ and
            // are decided again, in order. (The worker is idle: its job was waited for.)
            inFlight = nil
            reportFault(fault, at: now)
            return false
        }
        inFlight = prepared.batch
        let archiveFailed = reportArchiveFault(at: now)
        if let fault = prepared.claimFault {
            reportFault(fault, at: now)
        } else if !archiveFailed, faultBackoff.recovered() {
            counters.lastFault = nil
            record(JournalEntry(.spoolRecovered, "spool fault cleared; deciding again", priority: .notice))
        }
        return true
    }

    /// Drafts in processing/ first (after a start or a fault: left by a crash or a stop,
    /// or deferred), then incoming/. Only while no batch is in flight.
    private func nextClaims(now: Int64) throws(SpoolError) -> [FileName] {
        let batchSize = committer.settings.batchSize
        finishArchiving()  // originals still queued for the archive are not "left in processing/"
        reportArchiveFault(at: now)
        var claims = committer.claimedDrafts(limit: batchSize, now: now)
        if claims.isEmpty, scanIncoming {
            let (arrivals, rescan) = takeIntakeHints(at: now)
            let (claimed, mayHoldMore) = try intake.withLock { intake throws(SpoolError) in
                (try intake.claimFromIncoming(limit: batchSize, arrivals: arrivals, rescan: rescan), intake.incomingMayHoldMore)
            }
            claims = claimed
            if claims.count < batchSize, !mayHoldMore { incomingScanned(at: now) }
        }
        return claims
    }

    /// The names inotify reported and whether to read incoming/ whole, handed to the next
    /// claim; a full read restarts the periodic rescan's clock.
    private func takeIntakeHints(at now: Int64) -> (arrivals: [FileName], rescan: Bool) {
        defer {
            pendingArrivals = []
            rescanPending = false
        }
        if rescanPending { nextRescan = now + Int64(gate.configuration.spool.rescanIntervalSeconds) * 1000 }
        return (rescanPending ? [] : pendingArrivals, rescanPending)
    }

    /// incoming/ gave less than a batch: it is empty until inotify says otherwise, or the
    /// periodic rescan.
    private func incomingScanned(at now: Int64) {
        scanIncoming = false
        nextRescan = now + Int64(gate.configuration.spool.rescanIntervalSeconds) * 1000
    }

    /// Commits the batch in flight, if any, and archives and logs everything (before a
    /// stop or a reload, or when there is nothing more to do).
    func finishInFlight() {
        finishArchiving()
        reportArchiveFault(at: clock.monotonicMilliseconds())
        if let current = inFlight {
            inFlight = nil
            let started = MonotonicClock.seconds()
            let report = committer.commit(current, monotonicMilliseconds: clock.monotonicMilliseconds())
            metrics.recordCommit(seconds: MonotonicClock.seconds() - started)
            log(report)
            if let fault = report.fault { reportFault(fault, at: clock.monotonicMilliseconds()) }
        }
    }

    /// Moves the committed batch's originals out of processing/ on the worker thread, once it
    /// has decided the next batch: the worker does every rename into and out of
    /// processing/, so the two threads do not contend for those directories. A failure is
    /// reported on this thread next turn; the originals stay in processing/ and are taken
    /// up again as repeats.
    private func archiveLater(_ pending: PendingArchive) {
        guard !pending.isEmpty else { return }
        let archiver = committer.archiver
        let archiveFault = self.archiveFault
        worker.async {
            do throws(SpoolError) {
                try archiver.archive(pending)
            } catch {
                archiveFault.set(error)
            }
        }
    }

    /// Reports a fault the worker met while archiving, if any; true when there was one.
    @discardableResult
    private func reportArchiveFault(at now: Int64) -> Bool {
        guard let fault = archiveFault.take() else { return false }
        reportFault(fault, at: now)
        return true
    }

    /// Waits until the worker has archived every committed batch.
    func finishArchiving() {
        worker.drain()
    }

    /// Sleeps in poll() until inotify or a signal wakes it, or the next deadline:
    /// a rescan, a deferred draft, a retry after a fault, or half the watchdog interval.
    private func waitForWork() {
        let now = clock.monotonicMilliseconds()
        var timeout = max(0, nextRescan - now)
        if committer.hasDeferred { timeout = min(timeout, committer.settings.quietMilliseconds) }
        if committer.hasPostponed { timeout = 0 }
        if let retry = faultBackoff.retryAt { timeout = min(timeout, max(0, retry - now)) }
        if let watchdog = notifier.watchdogIntervalMicroseconds { timeout = min(timeout, Int64(watchdog / 2_000)) }
        timeout = min(timeout, 1_000)
        var descriptors = [pollfd(fd: watcher.descriptor, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: signals.descriptor, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: loader.descriptor, events: Int16(POLLIN), revents: 0)]
        _ = poll(&descriptors, nfds_t(descriptors.count), Int32(timeout))
    }

}
