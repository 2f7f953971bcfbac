import ArgumentParser
import SupportGateConfig

struct ConfigReferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reference",
        abstract: "Print every setting: type, allowed values, default and meaning.",
        discussion: "docs/configuration.md carries this output between its GENERATED markers; a test keeps them the same."
    )

    @Flag(name: .long, help: "As a Markdown table (the only form so far).")
    var markdown = false

    func run() throws {
        StandardStreams.standardOutput(String(SettingsReference.markdown().dropLast()))
    }
}
