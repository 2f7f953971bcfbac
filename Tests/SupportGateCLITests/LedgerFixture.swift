import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateLedger
import Testing

/// A folder with the example configuration and directory whose `[ledger]` is a file (or a
/// PostgreSQL URL) of its own, and accepted drafts laid down in that ledger at given ages,
/// as the gate would have recorded them.
struct LedgerFixture {
    static let contoso = "c0a70500-0000-4000-8000-000000000001"
    static let premier = "contoso-premier-2026"

    let folder: URL
    /// Unique to this fixture: draft ids carry it, as a PostgreSQL database is shared.
    let tag = String(UUID().uuidString.prefix(8)).lowercased()
    let config: String
    /// `spool.root`: its result and archive folders, empty.
    let spoolRoot: String
    let location: LedgerLocation

    /// `ledgerLines`: what `[ledger]` says besides where the ledger is (e.g. `retentionDays = 30`).
    init(postgresURL: String? = nil, ledgerLines: [String] = []) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg-cli-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("ledger.sqlite").path
        location = LedgerLocation(path: path, url: postgresURL)
        let directory = folder.appendingPathComponent("directory.json").path
        try FileManager.default.copyItem(atPath: CommandLineTests.repositoryRoot.appendingPathComponent("Config/directory.json").path, toPath: directory)
        #expect(chmod(directory, 0o640) == 0)
        let example = try String(contentsOfFile: CommandLineTests.config, encoding: .utf8)
        let defaultPath = "path = \"/var/lib/supportgate/ledger.sqlite\""
        try #require(example.contains(defaultPath))
        let ledger = ([postgresURL.map { "url = \"\($0)\"" } ?? "path = \"\(path)\""] + ledgerLines).joined(separator: "\n")
        spoolRoot = folder.appendingPathComponent("spool").path
        for name in ["archive", "quarantine", "accepted", "rejected"] {
            try FileManager.default.createDirectory(atPath: "\(spoolRoot)/\(name)", withIntermediateDirectories: true)
        }
        config = folder.appendingPathComponent("supportgate.toml").path
        try example.replacingOccurrences(of: defaultPath, with: ledger)
            .replacingOccurrences(of: "root = \"/var/spool/supportgate\"", with: "root = \"\(spoolRoot)\"")
            .write(toFile: config, atomically: true, encoding: .utf8)
    }

    /// An RFC 3339 instant `days` (and `seconds`) before now, in whole seconds as the gate writes them.
    static func ago(days: Int, seconds: Int = 0) -> String {
        let instant = time(nil) - days * 86_400 - seconds
        var parts = tm()
        var copy = instant
        gmtime_r(&copy, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }

    /// One of Contoso's accepted drafts; `consumed` uses an incident of its premier entitlement.
    func draft(_ draftId: String, decidedAt: String, consumed: Bool = true, partner: String = contoso) -> AcceptedDraft {
        AcceptedDraft(partnerTenantId: partner, draftId: draftId, submitterUID: 1001, draftSha256: String(repeating: "ab", count: 32),
                      decisionId: "\(folder.lastPathComponent)-\(draftId)", decidedAt: decidedAt,
                      entitlementId: consumed ? Self.premier : nil, gate: "test:/spool/", result: Array("{}".utf8))
    }

    /// Records the drafts and counts their incidents, in one transaction, as the gate does.
    func record(_ drafts: [AcceptedDraft]) throws {
        let ledger = try #require(try location.open(.gate(deadlines: .standard, whileWaiting: {})))
        try ledger.transaction { (transaction) throws(LedgerError) in
            let found = try transaction.acceptedDrafts(drafts.map(\.key))
            #expect(found.isEmpty)
            let consumed = drafts.compactMap(\.counted)
            _ = try transaction.lockCounts(Array(Set(consumed)))
            try transaction.insert(drafts)
            try transaction.addToCounts(consumed.reduce(into: [:]) { counts, key in counts[key, default: 0] += 1 })
        }
    }

    /// Which of these draft ids the ledger still remembers.
    func remembered(_ draftIds: [String], partner: String = contoso) throws -> Set<String> {
        let ledger = try #require(try location.open(.reading))
        let keys = draftIds.map { DraftIdKey(partner: partner, draftId: $0) }
        let found = try ledger.transaction { (transaction) throws(LedgerError) in try transaction.acceptedDrafts(keys) }
        return Set(found.keys.map(\.draftId))
    }

    func inUse(partner: String = contoso) throws -> [String: Int] {
        let ledger = try #require(try location.open(.reading))
        return try ledger.inUse(partner: partner)
    }
}
