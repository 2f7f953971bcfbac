import BusinessCalendar
#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
import SupportGateCore
import SupportGateSpool
import SupportGateSystemd
import SystemCalls

/// `supportgate daemon`: the long-running gate, and where its parts are put together. One
/// loop on the main thread waits for inotify, signals or a deadline and turns the intake
/// pipeline (`IntakePipeline`: claim, decide, commit, log); the reload coordinator
/// (`ReloadCoordinator`) holds the configuration in force and swaps it between turns; the
/// telemetry (`GateTelemetry`) is what the journal, STATUS= and the metrics file hear.
/// Signals are handled between turns, never inside a commit.
public final class GateDaemon {
    package let pipeline: IntakePipeline
    let reloads: ReloadCoordinator
    let telemetry: GateTelemetry
    let signals: SignalInbox

    public static let exitConfiguration: Int32 = 2
    public static let exitSpool: Int32 = 1

    /// Loads the configuration and opens the spool; throws with a message fit for the journal.
    public convenience init(configPath: String, journal: any JournalSink, notifier: any ServiceNotifier = SystemdNotifier(),
                            clock: any GateClock = SystemClock()) throws(DaemonStartError) {
        try self.init(configPath: configPath, journal: journal, notifier: notifier, clock: clock, reloadReplies: ReloadReplies.fromEnvironment())
    }

    /// - Parameter reloadReplies: where `supportgate reload` waits for its answer (the
    ///   service's runtime directory).
    /// - Parameter load: how a reload loads the configuration (tests slow it down).
    package init(configPath: String, journal: any JournalSink, notifier: any ServiceNotifier = SystemdNotifier(), clock: any GateClock = SystemClock(),
                 reloadReplies: ReloadReplies?, load: @escaping ConfigurationLoader.Load = ConfigurationLoader.fromFiles) throws(DaemonStartError) {
        // Without its signal descriptor the gate would never hear SIGTERM: no start then.
        do {
            signals = try SignalInbox(signals: SignalInbox.signals)
        } catch {
            throw DaemonStartError(message: "cannot receive signals: \(error)", exitCode: Self.exitSpool)
        }
        let loader: ConfigurationLoader
        do {
            loader = try ConfigurationLoader(load: load)
        } catch {
            throw DaemonStartError(message: "cannot start the configuration loader: \(error)", exitCode: Self.exitSpool)
        }
        let gate: LoadedGate
        switch GateLoader.load(configPath: configPath, confidentialDirectory: true) {
        case .success(let loaded): gate = loaded
        case .failure(let error): throw DaemonStartError(message: error.description, exitCode: Self.exitConfiguration)
        }
        let paths = SpoolPaths(root: gate.configuration.spool.root)
        let watcher: IncomingWatcher, folders: OpenSpoolFolders
        do {
            // The watch comes first, so a draft dropped during the start-up scan is not missed.
            watcher = try IncomingWatcher(path: paths.path(.incoming))
            folders = try OpenSpoolFolders(paths: paths)
        } catch {
            throw DaemonStartError(message: "\(error) (is the spool laid out? see systemd/supportgate.tmpfiles)", exitCode: Self.exitSpool)
        }
        let settings = gate.configuration.spool
        let committer = ResultCommitter(folders: folders, settings: settings)
        telemetry = GateTelemetry(journal: journal, notifier: notifier, clock: clock, committer: committer)
        pipeline = IntakePipeline(folders: folders, watcher: watcher, settings: settings, evaluator: gate.evaluator,
                                  rescanIntervalSeconds: gate.configuration.spool.rescanIntervalSeconds,
                                  telemetry: telemetry, committer: committer, clock: clock)
        reloads = ReloadCoordinator(gate: gate, configPath: configPath, loader: loader, replies: reloadReplies, pipeline: pipeline, telemetry: telemetry)
        try Self.openLedger(gate.configuration.ledger, spoolRoot: paths.root, for: committer, notifier: notifier)
        do {
            try committer.checkResultAccess()
        } catch {
            throw DaemonStartError(message: "cannot keep results from other submitters: the spool's file system does not take POSIX ACLs (\(error)); mount it with ACLs, or set spool.resultAccess = \"group\" to let every submitter read any result by name", exitCode: Self.exitSpool)
        }
    }

    /// Runs until SIGTERM or SIGINT; returns the exit code.
    public func run() -> Int32 {
        // With journald gone, writing to its stream socket must fail with EPIPE, not kill the gate.
        signal(SIGPIPE, SIG_IGN)
        if !pipeline.folders.tryLockSpool() {
            guard reloads.standBy(signals: signals) else { return 0 }
        }
        start()
        while true {
            if handle(signals.read()) { break }
            if !turn() { waitForWork() }
        }
        shutDown()
        return 0
    }

    /// One turn of the loop, between two reads of the signals: applies a finished reload,
    /// turns the pipeline, feeds the watchdog, and updates STATUS= and the metrics file. When
    /// there was nothing to do, commits what is in flight; false then, and the loop waits.
    package func turn() -> Bool {
        reloads.complete()
        let worked = pipeline.turn()
        telemetry.notifier.watchdogAlive()
        pipeline.reportInFlightRecordFault()
        telemetry.reportStatus(force: false)
        telemetry.writeMetrics(force: false, gate: reloads.gate)
        if !worked { pipeline.finishInFlight() }
        return worked
    }

    /// After SIGTERM or SIGINT: commits and logs what is in flight, writes the metrics, tells
    /// whoever waits for a reload that none is coming, and says STOPPING.
    package func shutDown() {
        pipeline.finishInFlight()
        telemetry.writeMetrics(force: true, gate: reloads.gate)
        reloads.answerPending("the gate stopped before the reload finished")
        telemetry.stopping()
        pipeline.worker.finish()
    }

    /// Sleeps in poll() until inotify, a signal or a finished load wakes it, or the pipeline's
    /// next deadline.
    private func waitForWork() {
        let timeout = pipeline.idleMilliseconds(watchdogMicroseconds: telemetry.notifier.watchdogIntervalMicroseconds)
        LoopWait.untilReadable([pipeline.watcher.descriptor, signals.descriptor, reloads.loader.descriptor], milliseconds: timeout, telemetry: telemetry)
    }
}
