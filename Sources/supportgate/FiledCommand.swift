import ArgumentParser

struct FiledCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filed",
        abstract: "The forwarder's filing records (docs/filing.md).",
        subcommands: [FiledLinkCommand.self]
    )
}
