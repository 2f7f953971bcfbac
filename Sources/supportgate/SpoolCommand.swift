import ArgumentParser

struct SpoolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spool",
        abstract: "Look after the spool.",
        subcommands: [SpoolPruneCommand.self]
    )
}
