import CLinuxShim
#if canImport(Glibc)
import Glibc
#endif

/// The last step of a commit: originals whose results are durable leave processing/ for
/// archive/ or quarantine/ (or are removed). No state beyond the folders and one limit,
/// so it is Sendable: in group-commit mode the daemon's worker runs it for the batch the
/// main thread has just committed.
public struct OriginalArchiver: Sendable {
    let folders: SpoolFolders
    let maxDraftBytes: Int

    public init(folders: SpoolFolders, maxDraftBytes: Int) {
        self.folders = folders
        self.maxDraftBytes = maxDraftBytes
    }

    /// Moves originals whose results are durable out of processing/, and makes the moves
    /// durable. Safe to repeat: an original already moved is passed over.
    public func archive(_ pending: PendingArchive) throws(SpoolError) {
        guard !pending.moves.isEmpty else { return }
        var quarantined = false
        var archived = false
        for move in pending.moves {
            switch move.destination {
            case .archive:
                try moveOriginal(move.claim, to: folders.archive)
                archived = true
            case .quarantine:
                try quarantineOriginal(move.claim)
                quarantined = true
            case .discard:
                try removeOriginal(move.claim)
            }
        }
        try folders.processing.sync()
        if quarantined { try folders.quarantine.sync() }
        if archived { try folders.archive.sync() }
    }

    /// Quarantine keeps an original whole when it is at most `maxDraftBytes` long. A longer
    /// one (rejected DRAFT_TOO_LARGE: a submitter could fill the disk, and could no longer
    /// delete it) is replaced by its first `maxDraftBytes` bytes, "<claim>.head", or by
    /// nothing when the gate may not read it; its result, durable by now, says why.
    private func quarantineOriginal(_ claim: FileName) throws(SpoolError) {
        guard let status = folders.processing.entryStatus(claim) else { return }  // moved before a crash
        guard status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) > maxDraftBytes else {
            try moveOriginal(claim, to: folders.quarantine)
            return
        }
        if let head = readHead(of: claim, bytes: maxDraftBytes) {
            do throws(SpoolError) {
                try folders.quarantine.writeNewFile(FileName(bytes: claim.bytes + Array(".head".utf8)), head, fsync: true, mode: 0o600)
            } catch where error.errno == EEXIST {
                // Written before a crash; the original was not removed yet.
            }
            try folders.quarantine.sync()
        }
        try removeOriginal(claim)
    }

    /// Only once its result is durable; gone already (a crash after the unlink) is fine.
    private func removeOriginal(_ claim: FileName) throws(SpoolError) {
        do throws(SpoolError) {
            try folders.processing.remove(claim)
        } catch where error.errno == ENOENT {
            return
        }
    }

    /// Up to `count` bytes from the start of a claimed file; nil when it cannot be read.
    private func readHead(of claim: FileName, bytes count: Int) -> [UInt8]? {
        let descriptor = folders.processing.openEntry(claim)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var head = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let read = head.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, count - filled) }
            if read < 0, errno == EINTR { continue }
            guard read > 0 else { break }
            filled += read
        }
        head.removeSubrange(filled...)
        return head
    }

    /// Under its claim name, which is unique; should archive/ or quarantine/ hold that name
    /// all the same (put there by hand, or by an older gate), under the first free
    /// "<claim>.<n>": a clash is never a fault that comes back. Gone from processing/
    /// means it was moved before (a crash after the rename): nothing to do.
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
}

/// Originals whose results are durable, still to be moved out of processing/.
public struct PendingArchive: Sendable {
    enum Destination: Sendable {
        case archive, quarantine
        /// Removed: refused unread (SUBMITTER_QUEUE_FULL), nothing of it to keep.
        case discard
    }

    var moves: [(claim: FileName, destination: Destination)] = []

    public init() {}

    public var isEmpty: Bool { moves.isEmpty }
}
