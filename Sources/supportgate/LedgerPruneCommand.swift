import ArgumentParser
import BusinessCalendar
#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
import SupportGateDaemon
import SupportGateLedger
import SupportGateSystemd

struct LedgerPruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Forget accepted drafts decided longer ago than ledger.retentionDays.",
        discussion: """
            The ledger remembers every accepted draft for ledger.retentionDays (default \
            \(GateConfiguration.defaultLedgerRetentionDays)): within that time an identical repeat gets the same decision \
            and a colleague's copy is a DRAFT_DUPLICATE, whatever `spool prune` removed. Older \
            rows are forgotten; the incidents they used stay counted until released. Run daily \
            by supportgate-ledger-prune.timer. Logged to the journal (MESSAGE_ID \(MessageID.ledgerPruned.rawValue)). \
            Exit 0 (also when the ledger does not exist yet), 2 on bad usage, bad configuration \
            or a ledger that cannot be written.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The configuration file.", valueName: "file"))
    var config: String = GateConfiguration.defaultPath

    @Option(name: .long, help: "Where the prune is logged: the journal (stderr when there is none), or stderr.")
    var log: DaemonCommand.LogTarget = .journal

    func run() throws {
        let settings = try GateOptions.loadConfiguration(path: config).ledger
        let location = settings.ledgerLocation.description
        let days = settings.retentionDays
        // Whole seconds: the ledger compares RFC 3339 text, and a cutoff with a fraction
        // would sort after the same second without one.
        let cutoff = Timestamp(secondsSinceEpoch: SystemClock.now().millisecondsSinceEpoch / 1_000 - Int64(days) * 86_400).rfc3339
        let forgotten: Int
        do {
            guard let ledger = try LedgerAccess.openForWriting(settings) else {
                StandardStreams.standardOutput("ledger \(location) does not exist yet: nothing to forget")
                return
            }
            forgotten = try ledger.prune(decidedBefore: cutoff)
        } catch {
            StandardStreams.standardError("error: \(error)")
            throw ExitCode(2)
        }
        var entry = JournalEntry(.ledgerPruned, "ledger: forgot \(forgotten) accepted drafts decided before \(cutoff) (ledger.retentionDays = \(days)); incident counts unchanged")
        entry.add("LEDGER", location)
        entry.add("DECIDED_BEFORE", cutoff)
        entry.add("RETENTION_DAYS", String(days))
        entry.add("FORGOTTEN", String(forgotten))
        entry.add("PRUNED_BY_UID", String(getuid()))
        log.sink().send(entry)
        StandardStreams.standardOutput("ledger \(location): forgot \(forgotten) accepted drafts decided before \(cutoff) (older than \(days) days); incident counts unchanged")
    }
}
