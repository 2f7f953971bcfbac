import BusinessCalendar
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
@testable import SupportGateDaemon
@testable import SupportGateSpool
import SupportGateSystemd
import Synchronization
import Testing

/// A clock the test moves: wall time for `decidedAt` and lease fallbacks, monotonic for deadlines.
final class ManualClock: GateClock {
    private let state: Mutex<(wall: Int64, monotonic: Int64)>

    init(wall: Timestamp) {
        state = Mutex((wall.millisecondsSinceEpoch, 1_000_000))
    }

    func now() -> Timestamp { Timestamp(millisecondsSinceEpoch: state.withLock { $0.wall }) }
    func monotonicMilliseconds() -> Int64 { state.withLock { $0.monotonic } }

    func advance(milliseconds: Int64) {
        state.withLock {
            $0.wall += milliseconds
            $0.monotonic += milliseconds
        }
    }
}

/// The daemon in this process, on a spool and configuration of its own in a temporary
/// folder, with the in-memory journal and a manual clock. The test turns the loop by hand
/// (`turn()`), as `run()` does, without polling or signals; no root needed.
final class PipelineHarness {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let folder: String
    let root: String
    let configPath: String
    let journal = MemoryJournal()
    let clock: ManualClock
    let daemon: GateDaemon

    /// - Parameter directoryChanges: text replaced in the example directory (each must occur).
    /// - Parameter ledgerURL: a PostgreSQL ledger in place of the SQLite file.
    /// - Parameter load: how a reload loads the configuration (by default from the file).
    /// - Parameter journalRefuses: the structured journal refuses every entry, so that each
    ///   reaches `journal` through the fallback (as the stderr line would).
    init(_ purpose: String, batchSize: Int = 256, wall: Date? = nil, directoryChanges: [String: String] = [:], ledgerURL: String? = nil,
         reloadReplies: ReloadReplies? = nil, load: ConfigurationLoader.Load? = nil, journalRefuses: Bool = false) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg pipeline \(purpose) \(UUID().uuidString)").path
        root = "\(folder)/spool"
        for name in SpoolLayout.Folder.allCases {
            try FileManager.default.createDirectory(atPath: "\(root)/\(name.rawValue)", withIntermediateDirectories: true)
        }
        // The example directory, with this process's uid one of Contoso's submitters: no chown, no root.
        var directory = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("Config/directory.json"), encoding: .utf8)
        directory = directory.replacingOccurrences(of: "\"uids\": [1001]", with: "\"uids\": [1001, \(getuid())]")
        for (old, new) in directoryChanges {
            #expect(directory.contains(old))
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
        daemon = try GateDaemon(configPath: configPath, journal: sink, clock: clock, reloadReplies: reloadReplies,
                                load: load ?? ConfigurationLoader.fromFiles)
        #expect(daemon.folders.tryLockSpool())
        daemon.start()
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Writes a tenant directory as the gate takes it: readable by its owner alone (contract §7;
    /// a new file would get the umask's 0644, which the gate refuses).
    static func writeDirectory(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    /// The example configuration on this spool; `spool` lines go into its [spool] table.
    static func writeConfiguration(at path: String, root: String, spool: String, replacing changes: [String: String] = [:]) throws {
        var text = try String(contentsOf: repositoryRoot.appendingPathComponent("Config/supportgate.toml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "root = \"/var/spool/supportgate\"", with: "root = \"\(root)\"\n\(spool)")
        let folder = (path as NSString).deletingLastPathComponent
        text = text.replacingOccurrences(of: "path = \"/var/lib/supportgate/ledger.sqlite\"", with: "path = \"\(folder)/ledger.sqlite\"")
        for (old, new) in changes {
            #expect(text.contains(old))
            text = text.replacingOccurrences(of: old, with: new)
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// An example draft (by default the own-tenant billing one) under another draft id.
    static func draft(id: String, example: String = "azure-billing-own") throws -> Data {
        let url = repositoryRoot.appendingPathComponent("Config/examples/\(example).draft.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains("\"draftId\": \"\(example)\""))
        return Data(text.replacingOccurrences(of: "\"draftId\": \"\(example)\"", with: "\"draftId\": \"\(id)\"").utf8)
    }

    /// A SIGHUP as the loop handles it; then waits for the load and applies it, as the next turn would.
    func reload(token: Int32? = nil) {
        #expect(!daemon.handle([.reload(token: token)]))
        #expect(daemon.completeReload(waiting: true))
    }

    func drop(id: String, example: String = "azure-billing-own") throws {
        try Self.draft(id: id, example: example).write(to: URL(fileURLWithPath: "\(root)/incoming/\(id).json"))
    }

    /// Drops these bytes under the file name `name`.
    func drop(_ bytes: Data, as name: String) throws {
        try bytes.write(to: URL(fileURLWithPath: "\(root)/incoming/\(name)"))
    }

    /// The bytes of the result for `id` on Contoso's shelf.
    func resultBytes(_ id: String) -> Data? {
        for top in ["accepted", "rejected"] {
            if let data = FileManager.default.contents(atPath: "\(root)/\(top)/\(Self.contoso)/\(id).json") { return data }
        }
        return nil
    }

    /// The JSON of the result for `id` on Contoso's shelf, in accepted/ or rejected/.
    func result(_ id: String) -> [String: Any]? {
        for top in ["accepted", "rejected"] {
            let path = "\(root)/\(top)/\(Self.contoso)/\(id).json"
            if let data = FileManager.default.contents(atPath: path) {
                return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            }
        }
        return nil
    }

    var ledgerPath: String { "\(folder)/ledger.sqlite" }

    /// One pass of the daemon's loop without the wait: true when it did something.
    @discardableResult
    func turn() -> Bool {
        let worked = daemon.workOnce()
        if !worked { daemon.finishInFlight() }
        return worked
    }

    /// Turns until there is nothing left to do now.
    func settle(maxTurns: Int = 1_000) {
        for _ in 0..<maxTurns where !turn() { return }
    }

    /// The names in a folder; for accepted/ and rejected/, of the results on every shelf.
    func files(_ name: SpoolLayout.Folder) -> [String] {
        let top = "\(root)/\(name.rawValue)"
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: top)) ?? []).sorted()
        guard name == .accepted || name == .rejected else { return entries }
        return entries.flatMap { entry -> [String] in
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: "\(top)/\(entry)", isDirectory: &isFolder), isFolder.boolValue else { return [entry] }
            return (try? FileManager.default.contentsOfDirectory(atPath: "\(top)/\(entry)")) ?? []
        }.sorted()
    }

    static let contoso = "c0a70500-0000-4000-8000-000000000001"

    func entries(_ id: MessageID) -> [JournalEntry] {
        journal.entries.filter { $0.messageID == id }
    }

    /// Draft ids of the decision entries, in journal order.
    var decidedIds: [String] {
        journal.entries.filter { $0.messageID == .draftAccepted || $0.messageID == .draftRejected }.flatMap { $0.values("DRAFT_ID") }
    }
}
