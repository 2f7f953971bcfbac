import Foundation
import StrictJSON
import SupportGateCore
import SupportGateDirectory
import SupportGateSpool
import SystemCalls
import TOMLDocument

/// A configuration and directory that loaded cleanly, ready to decide.
public struct LoadedGate: Sendable {
    public let configuration: GateConfiguration
    public let directory: Directory
    /// "sha256:…" over the canonical decision settings and the directory's bytes.
    public let configRevision: String
    public let evaluator: DraftEvaluator
    /// How long the load took (the files read, decoded and hashed), in seconds.
    public var loadSeconds = 0.0
    /// Who else may read the directory, when the load was not asked to refuse it (a warning).
    public var directoryExposure: DirectoryExposure?

    /// `spool.forwarderUser` when it names a user this host does not have: results get no
    /// entry for it, and the gate says so (a warning).
    public var missingForwarderUser: String? {
        let spool = configuration.spool
        return !spool.forwarderUser.isEmpty && spool.forwarderUID == nil ? spool.forwarderUser : nil
    }
}

/// Reads `supportgate.toml` and the tenant directory from disk. Every problem
/// names its file and line (TOML) or JSON Pointer (directory).
public enum GateLoader {
    /// `configPath` nil: every setting at its default; then `directoryOverride` is required
    /// unless the default directory path is wanted. `readAhead`: read and hash the directory
    /// on a thread of its own while it is decoded (at start, to be ready sooner); a reload (false) does all of it on its own thread, leaving
    /// the other core to the gate that goes on deciding. `confidentialDirectory`: refuse a
    /// directory that others may read (contract §7: the daemon, a reload, `config check`);
    /// else its exposure comes back in `directoryExposure`, for a warning.
    public static func load(configPath: String?, directoryOverride: String? = nil, readAhead: Bool = true,
                            confidentialDirectory: Bool = false) -> Result<LoadedGate, ConfigurationError> {
        let started = MonotonicClock.seconds()
        var configuration: GateConfiguration
        if let configPath {
            switch loadConfiguration(path: configPath, directoryOverride: directoryOverride) {
            case .success(let loaded): configuration = loaded
            case .failure(let error): return .failure(error)
            }
        } else {
            configuration = .defaults()
        }
        if let directoryOverride {
            configuration.directoryPath = directoryOverride
        }
        // Resolved once per load, as a reload resolves the submitters' groups anew.
        let forwarder = configuration.spool.forwarderUser
        configuration.spool.forwarderUID = forwarder.isEmpty ? nil : SubmitterLookup.userID(forwarder)
        // Read in blocks and hashed as read, never held whole.
        let reader: DirectoryFileReader
        switch DirectoryFileReader.open(configuration.directoryPath, maxBytes: configuration.limits.maxDirectoryBytes,
                                        limit: "limits.maxDirectoryBytes", hashPrefix: Array(configuration.canonicalDecisionSettings.utf8),
                                        alongside: readAhead) {
        case .success(let opened): reader = opened
        case .failure(let problem): return .failure(ConfigurationError(problem))
        }
        if confidentialDirectory, let exposure = reader.exposure {
            return .failure(ConfigurationError(ConfigurationProblem(file: configuration.directoryPath, message: exposure.description)))
        }
        let directory: Directory
        switch DirectoryDecoder.decode(reading: reader.read) {
        case .success(let decoded): directory = decoded
        case .failure(.syntax(let error)) where error.kind == .unreadable:
            return .failure(ConfigurationError(reader.problem ?? ConfigurationProblem(file: configuration.directoryPath, message: error.message)))
        case .failure(let failure):
            return .failure(directoryError(failure, path: configuration.directoryPath))
        }
        guard let digest = reader.digest() else {
            return .failure(ConfigurationError(ConfigurationProblem(file: configuration.directoryPath, message: "was not read to its end")))
        }
        let revision = "sha256:" + SHA256.hex(digest)
        let engine = DecisionEngine(directory: directory, policy: configuration.policy)
        var loaded = LoadedGate(configuration: configuration, directory: directory, configRevision: revision,
                                evaluator: DraftEvaluator(engine: engine, configRevision: revision))
        loaded.loadSeconds = MonotonicClock.seconds() - started
        loaded.directoryExposure = reader.exposure
        return .success(loaded)
    }

    public static func loadConfiguration(path: String, directoryOverride: String? = nil) -> Result<GateConfiguration, ConfigurationError> {
        let bytes: [UInt8]
        switch FileContents.read(path, maxBytes: GateConfiguration.maxConfigurationBytes, limit: "the most a configuration file may be") {
        case .success(let read): bytes = read
        case .failure(let problem): return .failure(ConfigurationError(problem))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(ConfigurationError(ConfigurationProblem(file: path, message: "is not UTF-8 text")))
        }
        return ConfigurationParser.parse(text, file: path, baseDirectory: folder(of: path), directoryOverride: directoryOverride)
    }

    public static func decodeDirectory(_ bytes: [UInt8], path: String) -> Result<Directory, ConfigurationError> {
        bytes.withUnsafeBytes { DirectoryDecoder.decode($0) }.mapError { directoryError($0, path: path) }
    }

    static func directoryError(_ failure: DirectoryDecoder.Failure, path: String) -> ConfigurationError {
        switch failure {
        case .syntax(let error):
            ConfigurationError(ConfigurationProblem(
                file: path, position: .init(line: error.line, column: error.column),
                key: error.pointer.description, message: error.message))
        case .problems(let problems):
            ConfigurationError(problems: problems.map {
                ConfigurationProblem(file: path, key: $0.field.description, message: $0.message)
            })
        }
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
