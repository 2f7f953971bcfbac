import Dispatch
import Foundation
import StrictJSON
import SupportGateCore
import Synchronization
import TOMLDocument

/// A configuration and directory that loaded cleanly, ready to decide.
public struct LoadedGate: Sendable {
    public let configuration: GateConfiguration
    public let directory: Directory
    /// "sha256:…" over the canonical decision settings and the directory's bytes.
    public let configRevision: String
    public let evaluator: DraftEvaluator
}

/// Reads `supportgate.toml` and the tenant directory from disk. Every problem
/// names its file and line (TOML) or JSON Pointer (directory).
public enum GateLoader {
    /// `configPath` nil: every setting at its default; then `directoryOverride` is required
    /// unless the default directory path is wanted. `hashAlongside`: compute the revision
    /// hash on a second core while the directory is decoded (at start, to be ready sooner);
    /// a reload hashes on its own thread after decoding, leaving the other core to the gate
    /// that goes on deciding.
    public static func load(configPath: String?, directoryOverride: String? = nil,
                            hashAlongside: Bool = true) -> Result<LoadedGate, ConfigurationError> {
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
        let bytes: [UInt8]
        switch FileContents.read(configuration.directoryPath, maxBytes: configuration.limits.maxDirectoryBytes, limit: "limits.maxDirectoryBytes") {
        case .success(let read): bytes = read
        case .failure(let problem): return .failure(ConfigurationError(problem))
        }
        // The revision hash needs only the bytes: compute it on another core while the directory
        // is decoded. A thread of its own, not libdispatch's pool, whose threads renice
        // themselves (refused under the unit, and logged).
        let revisionDigest = Mutex<[UInt8]>([])
        let hashed = DispatchSemaphore(value: 0)
        let settings = configuration.canonicalDecisionSettings
        let hash: @Sendable () -> Void = {
            var hasher = SHA256()
            hasher.update(settings)
            hasher.update(bytes)
            let digest = hasher.finalize()
            revisionDigest.withLock { $0 = digest }
            hashed.signal()
        }
        if hashAlongside { Thread.detachNewThread(hash) }
        let decoded = decodeDirectory(bytes, path: configuration.directoryPath)
        if !hashAlongside { hash() }
        hashed.wait()
        let directory: Directory
        switch decoded {
        case .success(let result): directory = result
        case .failure(let error): return .failure(error)
        }
        let revision = "sha256:" + SHA256.hex(revisionDigest.withLock { $0 })
        let engine = DecisionEngine(directory: directory, policy: configuration.policy)
        return .success(LoadedGate(configuration: configuration, directory: directory, configRevision: revision,
                                   evaluator: DraftEvaluator(engine: engine, configRevision: revision)))
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
        switch bytes.withUnsafeBytes({ DirectoryDecoder.decode($0) }) {
        case .success(let directory):
            return .success(directory)
        case .failure(.syntax(let error)):
            return .failure(ConfigurationError(ConfigurationProblem(
                file: path, position: .init(line: error.line, column: error.column),
                key: error.pointer.description, message: error.message)))
        case .failure(.problems(let problems)):
            return .failure(ConfigurationError(problems: problems.map {
                ConfigurationProblem(file: path, key: $0.field.description, message: $0.message)
            }))
        }
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
