import ArgumentParser
import SupportGateCore

struct SupportgateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supportgate",
        abstract: "The gate in front of CSP support-ticket submission.",
        discussion: """
            Exit codes: 0 success (check: every draft accepted), 1 at least one draft rejected, \
            2 bad usage or bad configuration.
            """,
        version: GateVersion.current,
        subcommands: [DaemonCommand.self, CheckCommand.self, SubmitCommand.self, ResultCommand.self, ConfigCommand.self, SpoolCommand.self, LedgerCommand.self, ReloadCommand.self, ForwardCommand.self, FiledCommand.self]
    )
}
