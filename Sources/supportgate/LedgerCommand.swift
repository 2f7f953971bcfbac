import ArgumentParser

struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Look at and correct the ledger: the accepted drafts the gate remembers and the incidents they used.",
        subcommands: [LedgerShowCommand.self, LedgerReleaseCommand.self, LedgerPruneCommand.self]
    )
}
