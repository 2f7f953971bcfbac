#if canImport(Glibc)
import Glibc
#endif
import StrictJSON
import SupportGateCore

/// Spools written before results had shelves kept them directly in accepted/ and
/// rejected/ (`ID.json`, `ID.dup-….json`, …), where any submitter could open them by name.
extension ResultCommitter {
    public struct Migration: Sendable {
        public var moved = 0
        /// Results that could not be moved, each with why; they stay where they are.
        public var failures: [String] = []
    }

    /// Moves each result written before shelves onto the shelf of the partner it names
    /// (readable by that partner's submitter uids and groups, since its dropper is not
    /// recorded), or, when it names none it was trusted for (rule 1, SUBMITTER_NOT_AUTHORIZED,
    /// PARTNER_UNKNOWN), onto `legacy/`, which only the gate and root may read. The access
    /// is narrowed before the move, and each move is one rename: a crash part-way leaves
    /// every result in one place or the other, and the next start goes on.
    public func migrateLegacyResults(partnerShelf: (TenantGUID) -> ResultShelf) -> Migration {
        var migration = Migration()
        // Each partner's readers are resolved once (group names go through NSS), not per result.
        var shelves: [TenantGUID: ResultShelf] = [:]
        func shelf(for partner: TenantGUID) -> ResultShelf {
            if let known = shelves[partner] { return known }
            let resolved = partnerShelf(partner)
            shelves[partner] = resolved
            return resolved
        }
        for top in [folders.accepted, folders.rejected] {
            // Moved as the walk finds them (Linux's readdir allows it): memory stays flat.
            let complete = top.forEachEntryName { raw in
                let name = FileName(bytes: Array(raw))
                guard !name.isHidden, !name.hasPrefix(Self.temporaryPrefix),
                      let status = top.entryStatus(name), status.st_mode & S_IFMT == S_IFREG else { return }
                do throws(SpoolError) {
                    try migrate(name, in: top, partnerShelf: shelf(for:))
                    migration.moved += 1
                } catch {
                    migration.failures.append(error.description)
                }
            }
            if !complete { migration.failures.append("cannot read \(top.path) to the end") }
        }
        return migration
    }

    private func migrate(_ name: FileName, in top: DirectoryHandle, partnerShelf: (TenantGUID) -> ResultShelf) throws(SpoolError) {
        let descriptor = top.openEntry(name)
        guard descriptor >= 0 else { throw SpoolError("cannot open \(name)", path: top.path, errno: errno) }
        defer { close(descriptor) }
        var shelf = ResultShelf.unclaimed
        if case .success(let file) = DraftFileReader.read(descriptor: descriptor, maxBytes: 16 * 1024 * 1024),
           let object = try? JSONParser.parseObject(file.bytes),
           let partner = object["partnerTenantId"]?.stringValue.flatMap(TenantGUID.init),
           Self.wasTrusted(object) {
            shelf = partnerShelf(partner)
        }
        if settings.resultAccess == .acl {
            guard fchmod(descriptor, 0o600) == 0 else { throw SpoolError("cannot narrow access to \(name)", path: top.path, errno: errno) }
            let code = shelf.fileACL.apply(to: descriptor)
            guard code == 0 else { throw SpoolError("cannot narrow access to \(name)", path: top.path, errno: code) }
        }
        let folder = try shelfFolder(shelf, in: top)
        try top.rename(name, to: folder, as: name)
        try folder.sync()
    }

    /// The result was written for a submitter that could act for its partner: no rule-1
    /// finding, no SUBMITTER_NOT_AUTHORIZED or PARTNER_UNKNOWN.
    private static func wasTrusted(_ result: JSONObject) -> Bool {
        guard case .array(let errors)? = result["errors"] else { return false }
        for case .object(let finding) in errors {
            let code = finding["code"]?.stringValue ?? ""
            let rule = finding["rule"]?.stringValue ?? ""
            if code == ReasonCode.submitterNotAuthorized.rawValue || code == ReasonCode.partnerUnknown.rawValue { return false }
            if rule.hasPrefix("1."), rule != RuleID.duplicateDraft.rawValue { return false }
        }
        return true
    }
}
