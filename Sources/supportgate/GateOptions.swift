import ArgumentParser
import SupportGateConfig
#if canImport(Glibc)
import Glibc
#endif
import SystemCalls

/// `--config` and `--directory`, shared by the commands that decide.
struct GateOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The configuration file.", valueName: "file"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("The tenant directory; overrides the one the configuration names.", valueName: "file"))
    var directory: String?

    /// With only `--directory`, every other setting takes its default. With
    /// neither, the default configuration file must exist. `confidentialDirectory`: refuse a
    /// directory that others may read, as the daemon does; else only warn, so `check` keeps
    /// working on any directory its user may read.
    func load(confidentialDirectory: Bool = false) throws -> LoadedGate {
        var configPath = config
        if configPath == nil, directory == nil {
            guard (try? SystemCall.access(GateConfiguration.defaultPath, F_OK)) != nil else {
                StandardStreams.standardError("error: no configuration: \(GateConfiguration.defaultPath) does not exist; pass --config FILE, or --directory FILE to use the defaults")
                throw ExitCode(2)
            }
            configPath = GateConfiguration.defaultPath
        }
        switch GateLoader.load(configPath: configPath, directoryOverride: directory, confidentialDirectory: confidentialDirectory) {
        case .success(let gate):
            if let exposure = gate.directoryExposure {
                StandardStreams.standardError("warning: \(exposure.path): \(exposure) (the daemon and config check refuse it)")
            }
            return gate
        case .failure(let error):
            StandardStreams.standardError(error.problems.map { "error: \($0)" }.joined(separator: "\n"))
            throw ExitCode(2)
        }
    }

    /// The configuration file alone (no directory), for the commands that look after the
    /// spool and the ledger; its problems printed, exit 2.
    static func loadConfiguration(path: String) throws -> GateConfiguration {
        switch GateLoader.loadConfiguration(path: path) {
        case .success(let configuration):
            return configuration
        case .failure(let error):
            StandardStreams.standardError(error.problems.map { "error: \($0)" }.joined(separator: "\n"))
            throw ExitCode(2)
        }
    }
}
