import Foundation
import SupportGateSpool
import Testing

/// Retention: what `supportgate spool prune` removes, and what it never touches.
@Suite("Spool retention (prune)")
struct SpoolPrunerTests {
    let root: String
    let paths: SpoolPaths

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sg-prune-\(UUID().uuidString)").path
        paths = SpoolPaths(root: root)
        for folder in SpoolPaths.Folder.allCases {
            try FileManager.default.createDirectory(atPath: paths.path(folder), withIntermediateDirectories: true)
        }
    }

    private func put(_ folder: SpoolPaths.Folder, _ name: String, bytes: Int = 10) throws {
        try Data(repeating: 0x7B, count: bytes).write(to: URL(fileURLWithPath: "\(paths.path(folder))/\(name)"))
    }

    private func files(_ folder: SpoolPaths.Folder) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: paths.path(folder))) ?? []).sorted()
    }

    private var now: Int64 { Int64(Date().timeIntervalSince1970) }

    @Test("files past the cutoff go from archive/, quarantine/, accepted/ and rejected/; the drop and work folders are never touched")
    func removesExpiredFromTheFourFolders() throws {
        for folder in SpoolPaths.Folder.allCases { try put(folder, "old-\(folder.rawValue).json", bytes: 100) }
        let reports = try SpoolPruner(paths: paths).prune(changedBefore: now + 60)
        #expect(reports.map(\.folder) == [.archive, .quarantine, .accepted, .rejected])
        #expect(reports.allSatisfy { $0.removed == 1 && $0.bytes == 100 && $0.failures.isEmpty })
        for folder in SpoolPruner.folders { #expect(files(folder).isEmpty) }
        for folder in [SpoolPaths.Folder.staging, .incoming, .processing] { #expect(files(folder) == ["old-\(folder.rawValue).json"]) }
    }

    @Test("near miss: files changed after the cutoff are kept")
    func keepsRecentFiles() throws {
        try put(.archive, "recent.json")
        try put(.accepted, "recent.json")
        let reports = try SpoolPruner(paths: paths).prune(changedBefore: now - 86_400)
        #expect(reports.allSatisfy { $0.removed == 0 })
        #expect(reports.first { $0.folder == .archive }?.kept == 1)
        #expect(files(.archive) == ["recent.json"] && files(.accepted) == ["recent.json"])
    }

    @Test("a modification time set far back by a submitter does not make a file expire: age is the change time")
    func modificationTimeIsNotTheAge() throws {
        try put(.archive, "backdated.json")
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 0)], ofItemAtPath: "\(paths.path(.archive))/backdated.json")
        _ = try SpoolPruner(paths: paths).prune(changedBefore: now - 3_600)
        #expect(files(.archive) == ["backdated.json"])
    }

    @Test("a file in archive/ the gate does not own (a submitter's inode, whose times its owner sets) ages from the run that adopted it, by a name only the gate gives: kept a full period, then removed, whatever its owner does to its times")
    func foreignFilesAgeFromTheirAdoption() throws {
        try put(.archive, "submitters.json")
        try put(.archive, "gates.json")
        let foreign = "\(paths.path(.archive))/submitters.json"
        try #require(chown(foreign, 1001, 1001) == 0, "needs root")
        // Its own times say it is ancient: neither makes it go early.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 0)], ofItemAtPath: foreign)
        let adoption = now - 10 * 86_400
        let first = try SpoolPruner(paths: paths).prune(changedBefore: now - 86_400, now: adoption)
        let adopted = "foreign-\(adoption)-submitters.json"
        #expect(files(.archive) == [adopted, "gates.json"].sorted())
        #expect(first.first { $0.folder == .archive }?.removed == 0)
        // A chmod keeps its change time fresh; the age is the name's.
        #expect(chmod("\(paths.path(.archive))/\(adopted)", 0o640) == 0)
        _ = try SpoolPruner(paths: paths).prune(changedBefore: adoption - 1)
        #expect(files(.archive) == [adopted, "gates.json"].sorted())
        let second = try SpoolPruner(paths: paths).prune(changedBefore: adoption + 1)
        #expect(files(.archive) == ["gates.json"])
        #expect(second.first { $0.folder == .archive }?.removed == 1)
    }

    @Test("a dry run adopts nothing: a foreign file keeps its name")
    func dryRunAdoptsNothing() throws {
        try put(.archive, "submitters.json")
        try #require(chown("\(paths.path(.archive))/submitters.json", 1001, 1001) == 0, "needs root")
        _ = try SpoolPruner(paths: paths).prune(changedBefore: now, dryRun: true)
        #expect(files(.archive) == ["submitters.json"])
    }

    @Test("only foreign-<digits>-<name> is an adoption time")
    func adoptionNames() {
        #expect(SpoolPruner.adoptionTime(of: FileName("foreign-1700000000-x.json")) == 1_700_000_000)
        #expect(SpoolPruner.adoptionTime(of: FileName("foreign-1700000000")) == nil)
        #expect(SpoolPruner.adoptionTime(of: FileName("foreign--x")) == nil)
        #expect(SpoolPruner.adoptionTime(of: FileName("1700000000-x.json")) == nil)
    }

    @Test("the gate's temporary results, hidden names and folders are left alone")
    func leavesTemporariesAndFolders() throws {
        try put(.accepted, "~tmp-1-2-x")
        try put(.rejected, ".hidden")
        try FileManager.default.createDirectory(atPath: "\(paths.path(.archive))/a-folder", withIntermediateDirectories: false)
        _ = try SpoolPruner(paths: paths).prune(changedBefore: now + 60)
        #expect(files(.accepted) == ["~tmp-1-2-x"] && files(.rejected) == [".hidden"] && files(.archive) == ["a-folder"])
    }

    @Test("a dry run counts and removes nothing")
    func dryRun() throws {
        try put(.archive, "old.json", bytes: 7)
        let reports = try SpoolPruner(paths: paths).prune(changedBefore: now + 60, dryRun: true)
        #expect(reports.first?.removed == 1 && reports.first?.bytes == 7)
        #expect(files(.archive) == ["old.json"])
    }

    @Test("a missing folder is an error naming it, not a silent success")
    func missingFolder() throws {
        try FileManager.default.removeItem(atPath: paths.path(.quarantine))
        #expect(throws: SpoolError.self) { try SpoolPruner(paths: paths).prune(changedBefore: now) }
    }
}
