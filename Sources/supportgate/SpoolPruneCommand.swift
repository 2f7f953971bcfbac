import ArgumentParser
import BusinessCalendar
#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
import SupportGateSpool

struct SpoolPruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove originals and results older than the retention period (spool.retentionDays).",
        discussion: """
            Removes the files in archive/, quarantine/, accepted/ and rejected/ that have been \
            there longer than spool.retentionDays (default \(GateConfiguration.defaultRetentionDays); 0 keeps \
            everything). The ledger is not touched: an accepted draft whose result was pruned is \
            still remembered (ledger.retentionDays, `supportgate ledger prune`), and its identical \
            repeat gets its result written again. Run daily by supportgate-prune.timer. Exit 0, 1 when a file could not be \
            removed, 2 on bad usage, bad configuration or a spool that cannot be read.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The configuration file.", valueName: "file"))
    var config: String = GateConfiguration.defaultPath

    @Option(name: .customLong("older-than"), help: ArgumentHelp("Retention in days, instead of spool.retentionDays.", valueName: "days"))
    var olderThan: Int?

    @Option(name: .long, help: ArgumentHelp("Remove what was archived or written before this instant (RFC 3339), instead of an age.", valueName: "time"))
    var before: String?

    @Flag(name: .customLong("dry-run"), help: "Count what would be removed; remove nothing.")
    var dryRun = false

    func validate() throws {
        if let olderThan, olderThan < 1 { throw ValidationError("--older-than must be at least 1 day") }
        if olderThan != nil, before != nil { throw ValidationError("give --older-than or --before, not both") }
        if let before, Timestamp.parseRFC3339(before) == nil {
            throw ValidationError("--before \"\(before)\" is not an RFC 3339 date-time, e.g. 2026-11-01T00:00:00Z")
        }
    }

    func run() throws {
        let configuration = try GateOptions.loadConfiguration(path: config)
        let days = olderThan ?? configuration.spool.retentionDays
        let cutoff: Int64
        let age: String
        if let before, let instant = Timestamp.parseRFC3339(before) {
            cutoff = instant.millisecondsSinceEpoch / 1_000
            age = "from before \(before)"
        } else if days > 0 {
            cutoff = Int64(time(nil)) - Int64(days) * 86_400
            age = "older than \(days) days"
        } else {
            StandardStreams.standardOutput("retention is off (spool.retentionDays = 0 in \(config)): nothing removed")
            return
        }
        let reports: [SpoolPruner.FolderReport]
        do {
            reports = try SpoolPruner(paths: SpoolPaths(root: configuration.spool.root)).prune(changedBefore: cutoff, dryRun: dryRun)
        } catch {
            StandardStreams.standardError("error: \(error)")
            throw ExitCode(2)
        }
        let verb = dryRun ? "would remove" : "removed"
        for report in reports {
            StandardStreams.standardOutput("\(report.folder.rawValue)/: \(verb) \(report.removed) files (\(report.bytes) bytes) \(age); kept \(report.kept)")
            for failure in report.failures { StandardStreams.standardError("error: \(failure)") }
        }
        if reports.contains(where: { !$0.failures.isEmpty }) { throw ExitCode(1) }
    }
}
