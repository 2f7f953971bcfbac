import ArgumentParser
import SupportGateConfig

struct ConfigShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the effective settings, every default filled in.",
        discussion: """
            Prints the configuration as the gate reads it, as a TOML file in a fixed order: every key \
            with its value or default, paths made absolute, the calendars written out (the built-in ones too). \
            The tenant directory is not read. Exit 0, or 2 with every problem when the file is bad.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The configuration file.", valueName: "file"))
    var config: String = GateConfiguration.defaultPath

    func run() throws {
        StandardStreams.standardOutput(String(SettingsDocument.render(try GateOptions.loadConfiguration(path: config)).dropLast()))
    }
}
