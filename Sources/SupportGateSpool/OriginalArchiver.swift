import SystemCalls
#if canImport(Glibc)
import Glibc
#endif

/// The last step of a commit: once their results are durable, the bytes each draft was
/// decided from are kept in archive/ or quarantine/ as a file of the gate's own, and the
/// submitter's file leaves processing/. Never the submitter's inode: its owner could reopen
/// it (an O_PATH descriptor kept from the drop, reopened through /proc/self/fd) and rewrite
/// it, grow it past any limit, or keep its times fresh so retention never removes it. A
/// descriptor a submitter keeps on its unlinked inode is its own disk quota, not the gate's.
/// No state beyond the folders and one limit, so it is Sendable: in group-commit mode the
/// daemon's worker runs it for the batch the main thread has just committed.
public struct OriginalArchiver: Sendable {
    let folders: OpenSpoolFolders
    let maxDraftBytes: Int

    public init(folders: OpenSpoolFolders, maxDraftBytes: Int) {
        self.folders = folders
        self.maxDraftBytes = maxDraftBytes
    }

    /// Keeps the decided bytes of each original whose result is durable and removes the
    /// original from processing/. Safe to repeat after a crash at any point: each copy's name
    /// is its claim name, a copy already in place is kept (never written twice), and an
    /// original already removed is passed over. Order: the copies are made durable (one
    /// syncfs) and renamed into place, their folders fsynced, and only then are the
    /// originals removed: a crash never loses the copy of an original already gone.
    public func archive(_ pending: PendingArchive) throws(SpoolError) {
        guard !pending.moves.isEmpty else { return }
        var copies: [(folder: DirectoryHandle, temporary: FileName, name: FileName)] = []
        var moved = false
        do throws(SpoolError) {
            for move in pending.moves {
                if move.destination == .quarantine, move.decidedBytes == nil, let status = folders.processing.entryStatus(move.claim),
                   status.st_mode & S_IFMT != S_IFREG {
                    // A symlink, a FIFO, a socket: no bytes to copy, none its owner could add;
                    // kept as it is (retention removes it: it is not the gate's file).
                    try moveOriginal(move.claim, to: folders.quarantine)
                    moved = true
                    continue
                }
                guard let copy = try writeCopy(move) else { continue }
                copies.append(copy)
            }
            if !copies.isEmpty {
                try folders.archive.syncFileSystem(root: folders.paths.root)
            }
            var touched: Set<ObjectIdentifier> = []
            for copy in copies {
                try place(copy)
                touched.insert(ObjectIdentifier(copy.folder))
            }
            if touched.contains(ObjectIdentifier(folders.archive)) { try folders.archive.sync() }
            if moved || touched.contains(ObjectIdentifier(folders.quarantine)) { try folders.quarantine.sync() }
        } catch {
            for copy in copies { try? copy.folder.remove(copy.temporary) }
            throw error
        }
        for move in pending.moves {
            try removeOriginal(move.claim)
        }
        try folders.processing.sync()
    }

    /// Writes the bytes to keep under a hidden temporary name ("." + the kept name), not yet
    /// durable; nil when nothing is kept, or the copy is in place already (a crash after
    /// its rename: the original may still be in processing/).
    private func writeCopy(_ move: PendingArchive.Move) throws(SpoolError) -> (folder: DirectoryHandle, temporary: FileName, name: FileName)? {
        let folder: DirectoryHandle
        var name = move.claim
        let bytes: [UInt8]
        switch move.destination {
        case .discard:
            return nil
        case .archive:
            folder = folders.archive
            guard let decided = move.decidedBytes else { return nil }
            bytes = decided
        case .quarantine:
            folder = folders.quarantine
            if let decided = move.decidedBytes {
                bytes = decided
            } else {
                // Not read when it was decided (too large, a hard link, unreadable): its head,
                // up to the limit, as the gate reads it now; nothing for a FIFO, a device, ...
                guard let head = readHead(of: move.claim, bytes: maxDraftBytes) else { return nil }
                bytes = head
                name = FileName(bytes: move.claim.bytes + Array(".head".utf8))
            }
        }
        let temporary = FileName(bytes: Array(".".utf8) + name.bytes)
        do throws(SpoolError) {
            try folder.writeNewFile(temporary, bytes, fsync: false, mode: 0o600)
        } catch where error.errno == EEXIST {
            // Left by a crash before its rename: written anew from the bytes decided now.
            try folder.remove(temporary)
            try folder.writeNewFile(temporary, bytes, fsync: false, mode: 0o600)
        }
        return (folder, temporary, name)
    }

    /// Renames a durable copy to its name. The name taken already: by the same bytes, a copy
    /// made before a crash, which stands (the temporary goes); by other bytes (put there by
    /// hand, or decided again from bytes changed after a crash), the copy goes beside it as
    /// the first free "<name>.<n>": a clash is never a fault that comes back, nor a loss.
    private func place(_ copy: (folder: DirectoryHandle, temporary: FileName, name: FileName)) throws(SpoolError) {
        var name = copy.name
        var attempt: UInt64 = 0
        while true {
            do throws(SpoolError) {
                try copy.folder.rename(copy.temporary, to: copy.folder, as: name)
                return
            } catch where error.errno == EEXIST && attempt < 1_000 {
                if sameContents(copy.folder, copy.temporary, name) {
                    try copy.folder.remove(copy.temporary)
                    return
                }
                attempt += 1
                name = FileName(bytes: copy.name.bytes + Array(".\(attempt < 100 ? attempt : UInt64.random(in: 100...UInt64.max))".utf8))
            }
        }
    }

    private func sameContents(_ folder: DirectoryHandle, _ first: FileName, _ second: FileName) -> Bool {
        guard let one = Self.contents(folder, first, limit: maxDraftBytes), let other = Self.contents(folder, second, limit: maxDraftBytes) else { return false }
        return one == other
    }

    /// A regular file's bytes, nil when it is none or longer than `limit`.
    private static func contents(_ folder: DirectoryHandle, _ name: FileName, limit: Int) -> [UInt8]? {
        guard let descriptor = try? folder.openEntry(name) else { return nil }
        defer { try? SystemCall.close(descriptor) }  // read only: a failing close loses nothing
        guard case .success(let file) = DraftFileReader.read(descriptor: descriptor, maxBytes: limit) else { return nil }
        return file.bytes
    }

    /// Under its claim name; should quarantine/ hold that name all the same, under the first
    /// free "<claim>.<n>". Gone from processing/ means it was moved before a crash.
    private func moveOriginal(_ claim: FileName, to target: DirectoryHandle) throws(SpoolError) {
        var name = claim
        var attempt: UInt64 = 0
        while true {
            do throws(SpoolError) {
                try folders.processing.rename(claim, to: target, as: name)
                return
            } catch where error.errno == ENOENT {
                return
            } catch where error.errno == EEXIST && attempt < 1_000 {
                attempt += 1
                name = FileName(bytes: claim.bytes + Array(".\(attempt < 100 ? attempt : UInt64.random(in: 100...UInt64.max))".utf8))
            }
        }
    }

    /// Only once its result is durable; gone already (a crash after the unlink) is fine.
    private func removeOriginal(_ claim: FileName) throws(SpoolError) {
        do throws(SpoolError) {
            try folders.processing.remove(claim)
        } catch where error.errno == ENOENT {
            return
        }
    }

    /// Up to `count` bytes from the start of a claimed regular file; nil when it is none, is
    /// gone, or cannot be read.
    private func readHead(of claim: FileName, bytes count: Int) -> [UInt8]? {
        guard let descriptor = try? folders.processing.openEntry(claim) else { return nil }
        defer { try? SystemCall.close(descriptor) }  // read only: a failing close loses nothing
        guard let status = try? SystemCall.fstat(descriptor), status.st_mode & S_IFMT == S_IFREG, status.st_nlink == 1 else { return nil }
        return try? SystemCall.readAll(descriptor, limit: count).bytes
    }
}

/// Originals whose results are durable, still to be moved out of processing/.
public struct PendingArchive: Sendable {
    enum Destination: Sendable {
        case archive, quarantine
        /// Removed: refused unread (SUBMITTER_QUEUE_FULL), nothing of it to keep.
        case discard
    }

    struct Move: Sendable {
        let claim: FileName
        let destination: Destination
        /// The bytes the draft was decided from, kept in place of the original; nil when it
        /// was refused before a byte was read.
        let decidedBytes: [UInt8]?
    }

    var moves: [Move] = []

    public init() {}

    public var isEmpty: Bool { moves.isEmpty }
}
