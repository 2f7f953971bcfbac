import BusinessCalendar
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateCommit
import SupportGateConfig
import SupportGateCore
import SupportGateLedger
import SupportGateSpool
import SystemCalls

/// A spool in a fresh temporary folder, the example gate, and the file operations the
/// spool tests drop and inspect drafts with.
public struct ScratchSpool: Sendable {
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The example gate, with this process's uid one of Contoso's submitters (drafts the
    /// tests write are theirs: no chown, no root).
    public static let gate: LoadedGate = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg-gate-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let directory = try! String(contentsOf: repositoryRoot.appendingPathComponent("Config/directory.json"), encoding: .utf8)
        try! directory.replacingOccurrences(of: "\"uids\": [1001]", with: "\"uids\": [1001, \(getuid())]")
            .write(to: folder.appendingPathComponent("directory.json"), atomically: true, encoding: .utf8)
        try! FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Config/supportgate.toml"), to: folder.appendingPathComponent("supportgate.toml"))
        return try! GateLoader.load(configPath: folder.appendingPathComponent("supportgate.toml").path).get()
    }()
    public static let instant = Timestamp.parseRFC3339("2026-11-24T18:00:00Z")!

    public let root: String

    public init(_ purpose: String) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sg-\(purpose)-\(UUID().uuidString)").path
        for folder in SpoolPaths.Folder.allCases {
            try FileManager.default.createDirectory(atPath: "\(root)/\(folder.rawValue)", withIntermediateDirectories: true)
        }
    }

    /// The daemon's pipeline on this spool, settling its batches with a ledger beside the
    /// spool as the daemon does: the ledger is what remembers accepted drafts.
    public func pipeline(_ settings: SpoolSettings = SpoolSettings(quietMilliseconds: 0)) throws -> ScratchPipeline {
        let pipeline = try ScratchPipeline(paths: SpoolPaths(root: root), settings: settings, evaluator: Self.gate.evaluator)
        let ledger = try SQLiteLedger(path: "\(root)/ledger.sqlite")
        pipeline.committer.settlement = LedgerCommit(ledger: ledger, gate: GateIdentity(spoolRoot: root))
        return pipeline
    }

    public static func example(_ name: String) throws -> Data {
        try Data(contentsOf: repositoryRoot.appendingPathComponent("Config/examples/\(name).draft.json"))
    }

    /// The own-tenant billing example under another draft id.
    public static func draft(id: String) throws -> Data {
        let text = String(decoding: try example("azure-billing-own"), as: UTF8.self)
        return Data(text.replacingOccurrences(of: "\"draftId\": \"azure-billing-own\"", with: "\"draftId\": \"\(id)\"").utf8)
    }

    /// Writes `data` as incoming/`name`, owned by `owner` when given (needs root).
    public func drop(_ data: Data, as name: String, owner: UInt32? = nil) throws {
        let path = "\(root)/incoming/\(name)"
        try data.write(to: URL(fileURLWithPath: path))
        if let owner { try SystemCall.lchown(path, owner: owner, group: owner) }
    }

    /// The names in a folder; for accepted/ and rejected/, the names of the results on
    /// every shelf (see `shelved` for where).
    public func files(_ folder: SpoolPaths.Folder) -> [String] {
        guard folder == .accepted || folder == .rejected else { return Self.list("\(root)/\(folder.rawValue)") }
        return shelved(folder).map { String($0.split(separator: "/", maxSplits: 1).last ?? "") }.sorted()
    }

    /// "<shelf>/<name>" of every result in accepted/ or rejected/ (and any stray file at the top).
    public func shelved(_ folder: SpoolPaths.Folder) -> [String] {
        let top = "\(root)/\(folder.rawValue)"
        return Self.list(top).flatMap { entry -> [String] in
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: "\(top)/\(entry)", isDirectory: &isFolder), isFolder.boolValue else { return [entry] }
            return Self.list("\(top)/\(entry)").map { "\(entry)/\($0)" }
        }.sorted()
    }

    /// The path of the result named `name` on whichever shelf of `folder` holds it.
    public func resultPath(_ folder: SpoolPaths.Folder, _ name: String) -> String {
        let shelved = shelved(folder).first { $0 == name || $0.hasSuffix("/\(name)") } ?? name
        return "\(root)/\(folder.rawValue)/\(shelved)"
    }

    /// Every result's name, accepted or rejected.
    public var results: [String] { (files(.accepted) + files(.rejected)).sorted() }

    private static func list(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    public static let contoso = "c0a70500-0000-4000-8000-000000000001"
}
