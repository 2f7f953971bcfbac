#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
import SupportGateCore
import SupportGateLedger
import SupportGateSpool
import SupportGateSystemd

/// SIGHUP: the new configuration and directory load on the loader's thread while the gate
/// goes on claiming and deciding with the ones in force (and feeding the watchdog); they
/// are swapped in whole between two batches, or refused, and the old ones decide on.
/// A SIGHUP during a load asks for one more load after it, since the files may have
/// changed after it read them; however many come, that is one more load, which answers
/// them all.
extension GateDaemon {
    /// What a reload came to, for the journal, STATUS= and whoever waits for it (`supportgate reload`).
    struct ReloadAnswer: Sendable, Equatable {
        let applied: Bool
        /// The revision in force afterwards: the new one, or the old one still.
        let configRevision: String
        let previousConfigRevision: String
        let error: String?

        /// Refused: the revision in force stays.
        static func refused(_ reason: String, keeping revision: String) -> ReloadAnswer {
            ReloadAnswer(applied: false, configRevision: revision, previousConfigRevision: revision, error: reason)
        }
    }

    /// Whoever waits for reloads: the tokens of the load in progress, and those of the one
    /// to start after it (nil: none asked for).
    struct ReloadRequests {
        var answering: [Int32] = []
        var queued: [Int32]?
    }

    func requestReload(token: Int32?) {
        if loader.isLoading {
            reloadRequests.queued = (reloadRequests.queued ?? []) + (token.map { [$0] } ?? [])
        } else {
            startReload(tokens: token.map { [$0] } ?? [])
        }
    }

    private func startReload(tokens: [Int32]) {
        reloadRequests.answering = tokens
        loader.start(configPath: configPath)
        notifier.reloading(status: "reloading \(configPath), deciding with \(gate.configRevision) meanwhile; " + statusLine())
    }

    /// Between turns: once the load is done, commits the batch in flight (decided with the
    /// configuration it was prepared with), applies the new one or refuses it, and answers.
    /// `waiting`: waits for the load first (tests). True when a load had finished.
    @discardableResult
    func completeReload(waiting: Bool = false) -> Bool {
        guard let outcome = loader.finished(waiting: waiting) else { return false }
        finishInFlight()
        let answer = apply(outcome)
        notifier.ready(status: statusLine())
        reloadReplies?.answer(reloadRequests.answering, answer)
        reloadRequests.answering = []
        if let queued = reloadRequests.queued {
            reloadRequests.queued = nil
            startReload(tokens: queued)
        }
        return true
    }

    /// Stopping, or standing by: whoever waits is told that no reload is coming.
    func answerPendingReloads(_ reason: String, tokens: [Int32] = []) {
        let waiting = tokens + reloadRequests.answering + (reloadRequests.queued ?? [])
        guard !waiting.isEmpty else { return }
        reloadReplies?.answer(waiting, .refused(reason, keeping: gate.configRevision))
        reloadRequests = ReloadRequests()
    }

    private func apply(_ outcome: ConfigurationLoader.Outcome) -> ReloadAnswer {
        switch outcome {
        case .success(let loaded):
            guard loaded.configuration.spool.root == gate.configuration.spool.root else {
                return refuse("spool.root changed from \(gate.configuration.spool.root) to \(loaded.configuration.spool.root); the spool moves only on a restart")
            }
            // The retention is read by `ledger prune`, not by the gate: only where the ledger is matters.
            let was = Self.ledgerLocation(gate.configuration.ledger), now = Self.ledgerLocation(loaded.configuration.ledger)
            guard now == was else {
                return refuse("the ledger changed from \(was.description) to \(now.description); the ledger moves only on a restart")
            }
            let previous = gate.configRevision
            let old = gate
            // A metrics file the new configuration no longer writes would serve frozen values;
            // one that is already gone is no error.
            if let old = gate.configuration.metrics.textfile, old != loaded.configuration.metrics.textfile {
                _ = unlink(old)
            }
            nextMetricsWrite = 0
            gate = loaded
            let settings = Self.spoolSettings(loaded.configuration)
            let evaluator = loaded.evaluator
            intake.withLock { intake in
                intake.evaluator = evaluator
                intake.settings = settings
                intake.forgetIdentities()
            }
            committer.settings = settings
            loader.dispose(consume old)
            counters.reloads += 1
            var entry = JournalEntry(.reloadApplied, "configuration reloaded: \(loaded.directory.partners.count) partners, \(loaded.directory.customers.count) customers", priority: .notice)
            entry.add("CONFIG_REVISION", loaded.configRevision)
            entry.add("PREVIOUS_CONFIG_REVISION", previous)
            record(entry)
            return ReloadAnswer(applied: true, configRevision: loaded.configRevision, previousConfigRevision: previous, error: nil)
        case .failure(let error):
            return refuse(error.description)
        }
    }

    private func refuse(_ reason: String) -> ReloadAnswer {
        counters.refusedReloads += 1
        var entry = JournalEntry(.reloadRefused, "reload refused, still deciding with \(gate.configRevision): \(reason)", priority: .error)
        entry.add("CONFIG_REVISION", gate.configRevision)
        entry.add("RELOAD_ERROR", reason)
        record(entry)
        return .refused(reason, keeping: gate.configRevision)
    }
}
