import BusinessCalendar
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
import SupportGateDaemon
import SupportGateSpool
import SupportGateSystemd

/// A text the harness was to replace in an example file was not there: the example changed.
public struct HarnessError: Error, CustomStringConvertible {
    public let description: String
}

/// The production gate (`GateDaemon` and its `IntakePipeline`) in this process, on a spool
/// and configuration of its own in a temporary folder, with the in-memory journal, a
/// recording notifier and a manual clock. The test turns the loop by hand (`turn()`), as
/// `run()` does, without polling or signals; no root needed.
public final class PipelineHarness {
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public let folder: String
    public let root: String
    public let configPath: String
    public let journal = MemoryJournal()
    public let notifier: RecordingNotifier
    public let clock: ManualClock
    public let daemon: GateDaemon

    /// - Parameter directoryChanges: text replaced in the example directory (each must occur).
    /// - Parameter ledgerURL: a PostgreSQL ledger in place of the SQLite file.
    /// - Parameter load: how a reload loads the configuration (by default from the file).
    /// - Parameter journalRefuses: the structured journal refuses every entry, so that each
    ///   reaches `journal` through the fallback (as the stderr line would).
    /// - Parameter watchdogIntervalMicroseconds: the watchdog the recording notifier reports.
    public init(_ purpose: String, batchSize: Int = 256, wall: Date? = nil, directoryChanges: [String: String] = [:], ledgerURL: String? = nil,
                reloadReplies: ReloadReplies? = nil, load: (@Sendable (String) -> Result<LoadedGate, ConfigurationError>)? = nil, journalRefuses: Bool = false,
                watchdogIntervalMicroseconds: UInt64? = nil) throws {
        notifier = RecordingNotifier(watchdogIntervalMicroseconds: watchdogIntervalMicroseconds)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg pipeline \(purpose) \(UUID().uuidString)").path
        root = "\(folder)/spool"
        for name in SpoolPaths.Folder.allCases {
            try FileManager.default.createDirectory(atPath: "\(root)/\(name.rawValue)", withIntermediateDirectories: true)
        }
        // The example directory, with this process's uid one of Contoso's submitters: no chown, no root.
        var directory = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("Config/directory.json"), encoding: .utf8)
        directory = directory.replacingOccurrences(of: "\"uids\": [1001]", with: "\"uids\": [1001, \(getuid())]")
        for (old, new) in directoryChanges {
            guard directory.contains(old) else { throw HarnessError(description: "not in the example directory: \(old)") }
            directory = directory.replacingOccurrences(of: old, with: new)
        }
        try Self.writeDirectory(directory, to: "\(folder)/directory.json")
        configPath = "\(folder)/supportgate.toml"
        let sqlitePath = "path = \"\(folder)/ledger.sqlite\""
        try Self.writeConfiguration(at: configPath, root: root, spool: "batchSize = \(batchSize)",
                                    replacing: ledgerURL.map { [sqlitePath: "url = \"\($0)\""] } ?? [:])
        clock = ManualClock(wall: wall.map { Timestamp(millisecondsSinceEpoch: Int64($0.timeIntervalSince1970 * 1000)) }
            ?? Timestamp.parseRFC3339("2026-11-24T18:00:00Z")!)
        struct Refusing: JournalSink { func send(_ entry: JournalEntry) -> Bool { false } }
        let sink: any JournalSink = journalRefuses ? FallbackJournal(primary: Refusing(), fallback: journal) : journal
        daemon = try GateDaemon(configPath: configPath, journal: sink, notifier: notifier, clock: clock, reloadReplies: reloadReplies,
                                load: load ?? ConfigurationLoader.fromFiles)
        guard daemon.folders.tryLockSpool() else { throw HarnessError(description: "another process holds the scratch spool") }
        daemon.start()
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Writes a tenant directory as the gate takes it: readable by its owner alone (contract §7;
    /// a new file would get the umask's 0644, which the gate refuses).
    public static func writeDirectory(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    /// The example configuration on this spool; `spool` lines go into its [spool] table.
    public static func writeConfiguration(at path: String, root: String, spool: String, replacing changes: [String: String] = [:]) throws {
        var text = try String(contentsOf: repositoryRoot.appendingPathComponent("Config/supportgate.toml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "root = \"/var/spool/supportgate\"", with: "root = \"\(root)\"\n\(spool)")
        let folder = (path as NSString).deletingLastPathComponent
        text = text.replacingOccurrences(of: "path = \"/var/lib/supportgate/ledger.sqlite\"", with: "path = \"\(folder)/ledger.sqlite\"")
        for (old, new) in changes {
            guard text.contains(old) else { throw HarnessError(description: "not in the example configuration: \(old)") }
            text = text.replacingOccurrences(of: old, with: new)
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// An example draft (by default the own-tenant billing one) under another draft id.
    public static func draft(id: String, example: String = "azure-billing-own") throws -> Data {
        let url = repositoryRoot.appendingPathComponent("Config/examples/\(example).draft.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        guard text.contains("\"draftId\": \"\(example)\"") else { throw HarnessError(description: "no draftId \(example) in its example") }
        return Data(text.replacingOccurrences(of: "\"draftId\": \"\(example)\"", with: "\"draftId\": \"\(id)\"").utf8)
    }

    /// A reload signal as the loop handles it; then waits for the load and applies it, as the
    /// next turn would.
    public func reload(token: Int32? = nil) {
        let stopped = daemon.handle([.reload(token: token)])
        precondition(!stopped, "a reload is no stop")
        let completed = daemon.completeReload(waiting: true)
        precondition(completed, "the reload's load finished")
    }

    public func drop(id: String, example: String = "azure-billing-own") throws {
        try Self.draft(id: id, example: example).write(to: URL(fileURLWithPath: "\(root)/incoming/\(id).json"))
    }

    /// Drops these bytes under the file name `name`.
    public func drop(_ bytes: Data, as name: String) throws {
        try bytes.write(to: URL(fileURLWithPath: "\(root)/incoming/\(name)"))
    }

    /// The bytes of the result for `id` on Contoso's shelf.
    public func resultBytes(_ id: String) -> Data? {
        for top in ["accepted", "rejected"] {
            if let data = FileManager.default.contents(atPath: "\(root)/\(top)/\(Self.contoso)/\(id).json") { return data }
        }
        return nil
    }

    /// The JSON of the result for `id` on Contoso's shelf, in accepted/ or rejected/.
    public func result(_ id: String) -> [String: Any]? {
        for top in ["accepted", "rejected"] {
            let path = "\(root)/\(top)/\(Self.contoso)/\(id).json"
            if let data = FileManager.default.contents(atPath: path) {
                return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            }
        }
        return nil
    }

    public var ledgerPath: String { "\(folder)/ledger.sqlite" }

    /// One pass of the daemon's loop without the wait: true when it did something.
    @discardableResult
    public func turn() -> Bool {
        let worked = daemon.workOnce()
        if !worked { daemon.finishInFlight() }
        return worked
    }

    /// Turns until there is nothing left to do now.
    public func settle(maxTurns: Int = 1_000) {
        for _ in 0..<maxTurns where !turn() { return }
    }

    /// The names in a folder; for accepted/ and rejected/, of the results on every shelf.
    public func files(_ name: SpoolPaths.Folder) -> [String] {
        let top = "\(root)/\(name.rawValue)"
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: top)) ?? []).sorted()
        guard name == .accepted || name == .rejected else { return entries }
        return entries.flatMap { entry -> [String] in
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: "\(top)/\(entry)", isDirectory: &isFolder), isFolder.boolValue else { return [entry] }
            return (try? FileManager.default.contentsOfDirectory(atPath: "\(top)/\(entry)")) ?? []
        }.sorted()
    }

    public static let contoso = "c0a70500-0000-4000-8000-000000000001"

    public func entries(_ id: MessageID) -> [JournalEntry] {
        journal.entries.filter { $0.messageID == id }
    }

    /// Draft ids of the decision entries, in journal order.
    public var decidedIds: [String] {
        journal.entries.filter { $0.messageID == .draftAccepted || $0.messageID == .draftRejected }.flatMap { $0.values("DRAFT_ID") }
    }
}
