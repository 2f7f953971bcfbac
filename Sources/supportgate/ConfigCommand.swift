import ArgumentParser

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Work with the configuration.",
        subcommands: [ConfigCheckCommand.self, ConfigShowCommand.self, ConfigReferenceCommand.self]
    )
}
