import ArgumentParser

struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Look at and correct the incident ledger (ledger.path).",
        subcommands: [LedgerShowCommand.self, LedgerReleaseCommand.self]
    )
}
