#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
import SupportGateLedger
import SupportGateSpool
import SupportGateSystemd

/// The incident ledger the committer records consumptions in: the SQLite file, or the
/// PostgreSQL database that several gates share.
extension GateDaemon {
    static func openLedger(_ settings: GateConfiguration.LedgerSettings, spoolRoot: String, for committer: ResultCommitter) throws(DaemonStartError) {
        if let url = settings.url {
            // Connects at its first use: a server that is down is a fault to back off from.
            // Every call gives up well within the watchdog interval, so a frozen server is a
            // fault too, never a watchdog kill; and while a call waits (on its deadline, not
            // stuck) the watchdog is fed, so that the waits and a slow host's other work in
            // one turn cannot add up past the interval.
            let notifier = ServiceNotifier()
            let deadlines = LedgerDeadlines.fitting(watchdogMicroseconds: notifier.watchdogIntervalMicroseconds)
            committer.ledger = PostgresLedger(url: url, deadlines: deadlines, whileWaiting: { notifier.watchdogAlive() })
            // Claims are unique within one gate; the ledger is shared by several.
            committer.ledgerClaimScope = Self.ledgerScope(spoolRoot: spoolRoot)
            return
        }
        let saved = SQLiteLedger.savedCopies(of: settings.path)
        guard saved.isEmpty else {
            // Opening the path now would count from an empty or stale ledger: every incident
            // used so far forgotten. Exit 2: systemd does not restart it until this is dealt with.
            throw DaemonStartError(message: "\(settings.path): the ledger was deleted or replaced while the gate ran, and what it held was saved to \(saved.joined(separator: ", ")); put that copy back as the ledger, or move it away if the file in place is the one to use (docs/operations.md, \"The ledger's file was deleted or replaced\"); the gate does not start until then", exitCode: exitConfiguration)
        }
        do {
            committer.ledger = try SQLiteLedger(path: settings.path)
        } catch {
            throw DaemonStartError(message: "\(error) (the folder must exist and be the gate's: StateDirectory=supportgate in the unit, or set ledger.path)", exitCode: exitSpool)
        }
    }

    /// How a shared ledger names this gate: `host:spool-root/`.
    public static func ledgerScope(spoolRoot: String) -> String {
        "\(hostName()):\(spoolRoot)/"
    }

    static func hostName() -> String {
        var name = [CChar](repeating: 0, count: 256)
        guard gethostname(&name, name.count - 1) == 0 else { return "localhost" }
        return String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
