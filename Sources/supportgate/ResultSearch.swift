#if canImport(Glibc)
import Glibc
#endif
import StrictJSON
import SupportGateSpool
import SystemCalls

/// `supportgate result`: a draft's result found by its id alone, where a submitter finds it
/// (contract §7, docs/spool.md "Result file names"): on the partner's shelves by exact name
/// (they are entered, not listed), and on the caller's own `uid-<n>` shelf, which it may list.
/// A file the caller may not read is treated exactly as one that is not there, so the answer
/// never tells a stranger that someone else's result exists.
struct ResultSearch {
    let root: String
    let draftId: String
    /// The partner's tenant id in lower case (the shelf's name), if the caller named one.
    let partner: String?
    let uid: UInt32

    struct Found {
        let path: String
        let result: JSONObject
    }

    /// The kinds of result named on a `uid-<n>` shelf, and what their suffix is made of.
    /// (`true`: a hexadecimal digest; `false`: a claim number).
    private static let submitterShelfKinds: [(kind: String, hexadecimal: Bool)] = [
        ("invalid", true), ("unauthorized", true), ("refused", false), ("unreadable", false),
    ]

    var submitterShelf: String { "\(root)/rejected/uid-\(uid)" }

    /// The folders a result can appear in, for waiting on them.
    var folders: [String] {
        [submitterShelf] + (partner.map { ["\(root)/accepted/\($0)", "\(root)/rejected/\($0)"] } ?? [])
    }

    /// Every name the result could have that the caller can know: the exact names on the
    /// partner's shelves, the duplicates where the caller may list that shelf (root), and
    /// the matching names on its own shelf.
    func candidates() -> [String] {
        var paths: [String] = []
        if let partner {
            paths.append("\(root)/accepted/\(partner)/\(draftId).json")
            paths.append("\(root)/rejected/\(partner)/\(draftId).json")
            paths += Self.names(in: "\(root)/rejected/\(partner)", matching: isDuplicate)
        }
        paths += Self.names(in: submitterShelf, matching: isOnSubmitterShelf)
        return paths
    }

    /// The newest result the caller may read, or nil. A result that reads but is not JSON is
    /// an error that names it; one that is gone or not readable by the caller is passed over.
    func find() throws(ResultFileError) -> Found? {
        let dated = candidates().compactMap { path in Self.modified(path).map { (path: path, modified: $0) } }
        for candidate in dated.sorted(by: { $0.modified > $1.modified }) {
            guard case .success(let file) = DraftFileReader.read(path: candidate.path, maxBytes: ResultLocator.maxResultBytes) else { continue }
            do {
                return Found(path: candidate.path, result: try JSONParser.parseObject(file.bytes))
            } catch {
                throw ResultFileError(path: candidate.path, message: "not a JSON object: \(error)")
            }
        }
        return nil
    }

    /// `ID.dup-<sha16>-u<uid>.json`.
    func isDuplicate(_ name: String) -> Bool {
        guard let middle = middle(of: name), middle.hasPrefix("dup-") else { return false }
        let parts = middle.dropFirst(4).split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[0].allSatisfy(\.isHexDigit)
            && parts[1].hasPrefix("u") && parts[1].count > 1 && parts[1].dropFirst().allSatisfy(\.isWholeNumber)
    }

    /// `ID.<kind>-<suffix>.json` on a `uid-<n>` shelf: exactly this id, so that `a` does not
    /// take `a.b`'s results.
    func isOnSubmitterShelf(_ name: String) -> Bool {
        guard let middle = middle(of: name) else { return false }
        return Self.submitterShelfKinds.contains { kind, hexadecimal in
            middle.hasPrefix("\(kind)-") && middle.count > kind.count + 1
                && middle.dropFirst(kind.count + 1).allSatisfy { hexadecimal ? $0.isHexDigit : $0.isWholeNumber }
        }
    }

    /// What is between `ID.` and `.json` (the suffix checks keep a longer id's names out: `a`
    /// does not take `a.invalid-1`'s `a.invalid-1.invalid-<sha16>.json`).
    private func middle(of name: String) -> Substring? {
        let prefix = "\(draftId).", suffix = ".json"
        guard name.count > prefix.count + suffix.count, name.hasPrefix(prefix), name.hasSuffix(suffix) else { return nil }
        let middle = name.dropFirst(prefix.count).dropLast(suffix.count)
        return middle
    }

    /// The names in `folder` that `matches` takes, as paths; none where it cannot be listed.
    private static func names(in folder: String, matching matches: (String) -> Bool) -> [String] {
        guard let directory = try? DirectoryStream(path: folder) else { return [] }
        var paths: [String] = []
        // A listing that fails part-way ends with what it had (a wait looks again).
        while let name = try? directory.nextName() {
            if matches(name) { paths.append("\(folder)/\(name)") }
        }
        return paths
    }

    /// The modification time (nanoseconds) of a regular file at `path`, not following a link.
    static func modified(_ path: String) -> Int64? {
        guard let status = try? SystemCall.lstat(path), status.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
    }
}

/// A result or record that the caller may read but that does not read: which file, and why.
struct ResultFileError: Error, CustomStringConvertible {
    let path: String
    let message: String

    var description: String { "\(path): \(message)" }
}
