#if canImport(Glibc)
import Glibc
#endif
import SystemCalls

/// The files an open SQLite ledger writes through (the database and its write-ahead log),
/// as they were when the gate opened them. A file deleted or renamed while open keeps
/// taking writes, through the descriptor, into an inode no path leads to: every count
/// would be lost at the next start, and a new empty ledger counted from zero. So before
/// each commit the paths must still name the same files (device and inode).
struct LedgerFilesInPlace {
    private struct Identity: Equatable {
        let device: UInt64
        let inode: UInt64
    }

    private let files: [(path: String, identity: Identity)]

    /// Records the files as they are now; throws when one is missing already.
    init(paths: [String]) throws(LedgerError) {
        var files: [(path: String, identity: Identity)] = []
        for path in paths {
            guard let identity = Self.identity(of: path) else {
                throw LedgerError("cannot find the ledger's file just opened", path: path)
            }
            files.append((path, identity))
        }
        self.files = files
    }

    /// What no longer holds, in words; nil while every path names the file opened.
    func problem() -> String? {
        for file in files {
            guard let now = Self.identity(of: file.path) else { return "\(file.path) was deleted while the gate had it open" }
            if now != file.identity { return "\(file.path) was replaced by another file while the gate had it open" }
        }
        return nil
    }

    private static func identity(of path: String) -> Identity? {
        guard let status = try? SystemCall.followingStat(path) else { return nil }
        return Identity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }
}
