import ArgumentParser
import BusinessCalendar
import SupportGateConfig
import SupportGateCore
import SupportGateLedger
import SupportGateSpool

struct ConfigCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the configuration and the tenant directory.",
        discussion: """
            Prints a summary and exits 0, or prints every problem with its file, line or key and exits 2. \
            As the daemon does, it refuses a tenant directory that others may read (its mode's read bit for others, \
            or an ACL entry that grants read to anyone but the owner, the owning group and the gate's user).
            """
    )

    @OptionGroup var gate: GateOptions

    func run() throws {
        let loaded = try gate.load(confidentialDirectory: true)
        let configuration = loaded.configuration
        StandardStreams.standardOutput("""
            ok: \(configuration.sourcePath ?? "(defaults)")
              directory: \(configuration.directoryPath) (\(loaded.directory.partners.count) partners, \(loaded.directory.customers.count) customers)
              spool: \(configuration.spool.root) (retention: \(configuration.spool.retentionDays == 0 ? "forever" : "\(configuration.spool.retentionDays) days"))
              ledger: \(configuration.ledger.ledgerLocation.description) (remembers accepted drafts for \(configuration.ledger.retentionDays == 1 ? "1 day" : "\(configuration.ledger.retentionDays) days"))
              limits.maxDraftBytes: \(configuration.limits.maxDraftBytes)
              limits per submitter waiting: \(configuration.limits.maxQueuedPerSubmitter) drafts, \(configuration.limits.maxQueuedBytesPerSubmitter) bytes
              azure.allowPaidSupport: \(configuration.policy.allowPaidAzureSupport)
              default calendar: \(configuration.policy.calendars.defaultCalendar.name) (\(configuration.policy.calendars.defaultCalendar.calendar.timeZoneIdentifier))
              configRevision: \(loaded.configRevision)
            """)
    }
}
