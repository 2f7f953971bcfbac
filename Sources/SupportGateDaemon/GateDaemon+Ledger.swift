#if canImport(Glibc)
import Glibc
#endif
import BusinessCalendar
import SupportGateCommit
import SupportGateConfig
import SupportGateLedger
import SupportGateSpool
import SupportGateSystemd

/// The ledger the commit settles each batch with (SupportGateCommit's `LedgerCommit`): the
/// SQLite file, or the PostgreSQL database that several gates share.
extension GateDaemon {
    static func ledgerLocation(_ settings: GateConfiguration.LedgerSettings) -> LedgerLocation {
        LedgerLocation(path: settings.path, url: settings.url)
    }

    static func openLedger(_ settings: GateConfiguration.LedgerSettings, spoolRoot: String, for committer: ResultCommitter,
                           notifier: any ServiceNotifier) throws(DaemonStartError) {
        let location = ledgerLocation(settings)
        let saved = location.savedCopies
        guard saved.isEmpty else {
            // Opening the path now would count from an empty or stale ledger: every incident
            // used so far forgotten. Exit 2: systemd does not restart it until this is dealt with.
            throw DaemonStartError(message: "\(settings.path): the ledger was deleted or replaced while the gate ran, and what it held was saved to \(saved.joined(separator: ", ")); put that copy back as the ledger, or move it away if the file in place is the one to use (docs/operations.md, \"The ledger's file was deleted or replaced\"); the gate does not start until then", exitCode: exitConfiguration)
        }
        // PostgreSQL connects at its first use: a server that is down is a fault to back off
        // from. Every call gives up well within the watchdog interval, so a frozen server is
        // a fault too, never a watchdog kill; and while a call waits (on its deadline, not
        // stuck) the watchdog is fed, so that the waits and a slow host's other work in one
        // turn cannot add up past the interval.
        let deadlines = LedgerDeadlines.fitting(watchdogMicroseconds: notifier.watchdogIntervalMicroseconds)
        let ledger: any IncidentLedger
        do {
            guard let opened = try location.open(.gate(deadlines: deadlines, whileWaiting: { notifier.watchdogAlive() })) else {
                throw LedgerError("no ledger", path: location.description)
            }
            ledger = opened
        } catch {
            throw DaemonStartError(message: "\(error) (the folder must exist and be the gate's: StateDirectory=supportgate in the unit, or set ledger.path)", exitCode: exitSpool)
        }
        let commit = LedgerCommit(ledger: ledger, gate: GateIdentity(spoolRoot: spoolRoot))
        commit.marker = LedgerCommitMarker { key in getenv(key).map { String(cString: $0) } }
        committer.settlement = commit
    }
}
