import ArgumentParser
import SupportGateConfig
import SupportGateSpool

/// `--spool` or `--config`, for the commands that read the spool as a submitter or operator
/// does (`result`, `filed show`): the spool named, else the configuration's, else the default.
struct SpoolOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The spool root.", valueName: "dir"))
    var spool: String?

    @Option(name: .long, help: ArgumentHelp("Take the spool from this configuration file.", valueName: "file"))
    var config: String?

    func validate() throws {
        if spool != nil && config != nil { throw ValidationError("give --spool or --config, not both") }
    }

    /// A configuration named with --config must load (exit 2 with its problems); the default
    /// file is used if it loads, and otherwise the default spool, as `submit` does.
    func root() throws -> String {
        if let spool { return spool }
        let path = config ?? GateConfiguration.defaultPath
        switch GateLoader.loadConfiguration(path: path) {
        case .success(let configuration):
            return configuration.spool.root
        case .failure(let error):
            if config == nil { return GateConfiguration.defaultSpoolRoot }
            StandardStreams.standardError(error.problems.map { "error: \($0)" }.joined(separator: "\n"))
            throw ExitCode(2)
        }
    }
}
