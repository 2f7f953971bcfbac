import ArgumentParser

struct FiledCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filed",
        abstract: "The forwarder's filing records (contract §8, docs/filing.md).",
        subcommands: [FiledShowCommand.self, FiledLinkCommand.self]
    )
}
