#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
import BusinessCalendar
import SupportGateCommit
import SupportGateCore
import SupportGateLedger
import SupportGateSpool
import SupportGateSystemd
import SystemCalls

/// The configuration in force and how it changes. A reload (SIGRTMIN+2 from `supportgate
/// reload`, or a plain SIGHUP) loads the new configuration and directory on the loader's
/// thread while the gate goes on claiming and deciding with the ones in force (and feeding
/// the watchdog); they are swapped in whole between two batches, or refused, and the old ones
/// decide on. A request during a load asks for one more load after it, since the files may
/// have changed after it read them; however many come, that is one more load, which answers
/// them all. Also taking the spool: the standby (a gate waiting for the spool answers
/// reloads as refused), and once it is held, carrying a 0.19.0 spool's acceptances into the
/// ledger.
final class ReloadCoordinator {
    /// The configuration and directory in force.
    private(set) var gate: LoadedGate
    let configPath: String
    /// Loads a new configuration on a thread of its own; `requests` waits for it.
    let loader: ConfigurationLoader
    private var requests = ReloadRequests()
    private let replies: ReloadReplies?
    private let pipeline: IntakePipeline
    private let telemetry: GateTelemetry

    /// Whoever waits for reloads: the tokens of the load in progress, and those of the one
    /// to start after it (nil: none asked for).
    private struct ReloadRequests {
        var answering: [Int32] = []
        var queued: [Int32]?
    }

    init(gate: LoadedGate, configPath: String, loader: ConfigurationLoader, replies: ReloadReplies?, pipeline: IntakePipeline, telemetry: GateTelemetry) {
        self.gate = gate
        self.configPath = configPath
        self.loader = loader
        self.replies = replies
        self.pipeline = pipeline
        self.telemetry = telemetry
    }

    func request(token: Int32?) {
        if loader.isLoading {
            requests.queued = (requests.queued ?? []) + (token.map { [$0] } ?? [])
        } else {
            start(tokens: token.map { [$0] } ?? [])
        }
    }

    private func start(tokens: [Int32]) {
        requests.answering = tokens
        loader.start(configPath: configPath)
        telemetry.notifier.reloading(status: "reloading \(configPath), deciding with \(gate.configRevision) meanwhile; " + telemetry.statusLine())
    }

    /// Between turns: once the load is done, commits the batch in flight (decided with the
    /// configuration it was prepared with), applies the new one or refuses it, and answers.
    /// `waiting`: waits for the load first (tests). True when a load had finished.
    @discardableResult
    func complete(waiting: Bool = false) -> Bool {
        guard let outcome = loader.finished(waiting: waiting) else { return false }
        pipeline.finishInFlight()
        let answer = apply(outcome)
        telemetry.notifier.ready(status: telemetry.statusLine())
        replies?.answer(requests.answering, answer)
        requests.answering = []
        if let queued = requests.queued {
            requests.queued = nil
            start(tokens: queued)
        }
        return true
    }

    /// Stopping, or standing by: whoever waits is told that no reload is coming.
    func answerPending(_ reason: String, tokens: [Int32] = []) {
        let waiting = tokens + requests.answering + (requests.queued ?? [])
        guard !waiting.isEmpty else { return }
        replies?.answer(waiting, .refused(reason, keeping: gate.configRevision))
        requests = ReloadRequests()
    }

    /// Another gate holds the spool: wait, ready to take over when it stops or dies, and
    /// answer reloads meanwhile. False when told to stop first.
    func standBy(signals: SignalInbox) -> Bool {
        let folders = pipeline.folders
        var entry = JournalEntry(.gateStarted, "supportgate standing by: another gate holds \(folders.paths.root)", priority: .notice)
        entry.add("SPOOL_ROOT", folders.paths.root)
        telemetry.record(entry)
        telemetry.notifier.ready(status: "standby: another gate holds the spool")
        while true {
            var stop = false
            for request in signals.read() {
                switch request {
                case .stop: stop = true
                case .reload(let token):
                    answerPending("standing by: another gate holds the spool; this one loads its configuration when it takes over",
                                  tokens: token.map { [$0] } ?? [])
                }
            }
            if stop { return false }
            if folders.tryLockSpool() { return true }
            telemetry.notifier.watchdogAlive()
            LoopWait.untilReadable([signals.descriptor], milliseconds: 500, telemetry: telemetry)
        }
    }

    /// Once the spool lock is held: a spool written by 0.19.0 has acceptances its ledger did
    /// not keep; they are carried over once (`SpoolCarryOver`). A ledger that cannot be
    /// reached now is tried again at the next start: deciding goes on meanwhile.
    func carryOverAcceptedResults() {
        guard let commit = pipeline.committer.settlement as? LedgerCommit else { return }
        do {
            let report = try SpoolCarryOver.run(pipeline.committer, into: commit.ledger, gate: commit.gate, at: SystemClock.now().rfc3339)
            guard !report.alreadyDone else { return }
            var entry = JournalEntry(.spoolCarriedOver, "carried \(report.changed) of \(report.read) accepted results of the spool into the ledger\(report.complete ? "" : " (accepted/ could not be read to the end: tried again at the next start)")",
                                     priority: report.complete ? .info : .warning)
            entry.add("SPOOL_ROOT", pipeline.folders.paths.root)
            telemetry.record(entry)
        } catch {
            var entry = JournalEntry(.spoolFault, "ledger fault (carry-over): cannot carry the spool's accepted results into the ledger, tried again at the next start: \(error)", priority: .warning)
            entry.add("LEDGER", error.path)
            entry.add("LEDGER_FAULT", "carry-over")
            telemetry.record(entry)
        }
    }

    private func apply(_ outcome: ConfigurationLoader.Outcome) -> ReloadAnswer {
        switch outcome {
        case .success(let loaded):
            guard loaded.configuration.spool.root == gate.configuration.spool.root else {
                return refuse("spool.root changed from \(gate.configuration.spool.root) to \(loaded.configuration.spool.root); the spool moves only on a restart")
            }
            // The retention is read by `ledger prune`, not by the gate: only where the ledger is matters.
            let was = GateDaemon.ledgerLocation(gate.configuration.ledger), now = GateDaemon.ledgerLocation(loaded.configuration.ledger)
            guard now == was else {
                return refuse("the ledger changed from \(was.description) to \(now.description); the ledger moves only on a restart")
            }
            let previous = gate.configRevision
            let old = gate
            // A metrics file the new configuration no longer writes would serve frozen values;
            // one that is already gone is no error.
            if let old = gate.configuration.metrics.textfile, old != loaded.configuration.metrics.textfile {
                do throws(SystemCallError) {
                    try SystemCall.unlink(old)
                } catch where error.errno != ENOENT {
                    telemetry.staleMetricsFileKept(old, error)
                } catch {}
            }
            telemetry.metricsSettingsChanged()
            gate = loaded
            pipeline.apply(settings: loaded.configuration.spool, evaluator: loaded.evaluator,
                           rescanIntervalSeconds: loaded.configuration.spool.rescanIntervalSeconds)
            loader.dispose(consume old)
            telemetry.countReload(applied: true)
            var entry = JournalEntry(.reloadApplied, "configuration reloaded: \(loaded.directory.partners.count) partners, \(loaded.directory.customers.count) customers", priority: .notice)
            entry.add("CONFIG_REVISION", loaded.configRevision)
            entry.add("PREVIOUS_CONFIG_REVISION", previous)
            telemetry.record(entry)
            if let warning = ForwarderAccessWarning.entry(for: loaded) { telemetry.record(warning) }
            return ReloadAnswer(applied: true, configRevision: loaded.configRevision, previousConfigRevision: previous, error: nil)
        case .failure(let error):
            return refuse(error.description)
        }
    }

    private func refuse(_ reason: String) -> ReloadAnswer {
        telemetry.countReload(applied: false)
        var entry = JournalEntry(.reloadRefused, "reload refused, still deciding with \(gate.configRevision): \(reason)", priority: .error)
        entry.add("CONFIG_REVISION", gate.configRevision)
        entry.add("RELOAD_ERROR", reason)
        telemetry.record(entry)
        return .refused(reason, keeping: gate.configRevision)
    }
}
