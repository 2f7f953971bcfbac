import BusinessCalendar
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
import SupportGateCore
import SupportGateSpool
import Testing

/// A spool in a fresh temporary folder, the example gate, and the file operations the
/// spool tests drop and inspect drafts with.
struct ScratchSpool {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let gate: LoadedGate = try! GateLoader.load(configPath: repositoryRoot.appendingPathComponent("Config/supportgate.toml").path).get()
    static let instant = Timestamp.parseRFC3339("2026-11-24T18:00:00Z")!

    let root: String

    init(_ purpose: String) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sg-\(purpose)-\(UUID().uuidString)").path
        for folder in SpoolLayout.Folder.allCases {
            try FileManager.default.createDirectory(atPath: "\(root)/\(folder.rawValue)", withIntermediateDirectories: true)
        }
    }

    /// A processor on this spool with its result index loaded, as the daemon has it once it holds the spool.
    func processor(_ settings: SpoolSettings = SpoolSettings(quietMilliseconds: 0)) throws -> SpoolProcessor {
        let processor = try SpoolProcessor(layout: SpoolLayout(root: root), settings: settings, evaluator: Self.gate.evaluator)
        processor.loadResultIndex()
        return processor
    }

    static func example(_ name: String) throws -> Data {
        try Data(contentsOf: repositoryRoot.appendingPathComponent("Config/examples/\(name).draft.json"))
    }

    /// The own-tenant billing example under another draft id.
    static func draft(id: String) throws -> Data {
        let text = String(decoding: try example("azure-billing-own"), as: UTF8.self)
        return Data(text.replacingOccurrences(of: "\"draftId\": \"azure-billing-own\"", with: "\"draftId\": \"\(id)\"").utf8)
    }

    /// Writes `data` as incoming/`name`, owned by `owner` when given (needs root).
    func drop(_ data: Data, as name: String, owner: UInt32? = nil) throws {
        let path = "\(root)/incoming/\(name)"
        try data.write(to: URL(fileURLWithPath: path))
        if let owner { #expect(chown(path, owner, owner) == 0) }
    }

    func files(_ folder: SpoolLayout.Folder) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "\(root)/\(folder.rawValue)")) ?? []).sorted()
    }
}
