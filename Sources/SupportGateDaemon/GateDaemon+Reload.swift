import SupportGateConfig
import SupportGateCore
import SupportGateSpool
import SupportGateSystemd

/// SIGHUP: validate the new configuration and directory, swap them in whole
/// between two batches, or refuse and keep deciding with the old ones.
extension GateDaemon {
    func reload() {
        notifier.reloading()
        switch GateLoader.load(configPath: configPath) {
        case .success(let loaded):
            guard loaded.configuration.spool.root == gate.configuration.spool.root else {
                refuse("spool.root changed from \(gate.configuration.spool.root) to \(loaded.configuration.spool.root); the spool moves only on a restart")
                return
            }
            guard loaded.configuration.ledger == gate.configuration.ledger else {
                refuse("ledger.path changed from \(gate.configuration.ledger.location) to \(loaded.configuration.ledger.location); the ledger moves only on a restart")
                return
            }
            let previous = gate.configRevision
            gate = loaded
            let settings = Self.spoolSettings(loaded.configuration)
            let evaluator = loaded.evaluator
            intake.withLock { intake in
                intake.evaluator = evaluator
                intake.settings = settings
                intake.forgetIdentities()
            }
            committer.settings = settings
            counters.reloads += 1
            var entry = JournalEntry(.reloadApplied, "configuration reloaded: \(loaded.directory.partners.count) partners, \(loaded.directory.customers.count) customers", priority: .notice)
            entry.add("CONFIG_REVISION", loaded.configRevision)
            entry.add("PREVIOUS_CONFIG_REVISION", previous)
            record(entry)
        case .failure(let error):
            refuse(error.description)
        }
        notifier.ready(status: statusLine())
    }

    private func refuse(_ reason: String) {
        counters.refusedReloads += 1
        var entry = JournalEntry(.reloadRefused, "reload refused, still deciding with \(gate.configRevision): \(reason)", priority: .error)
        entry.add("CONFIG_REVISION", gate.configRevision)
        entry.add("RELOAD_ERROR", reason)
        record(entry)
    }
}
