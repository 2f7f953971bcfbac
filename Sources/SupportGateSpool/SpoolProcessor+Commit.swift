import CLinuxShim
#if canImport(Glibc)
import Glibc
#endif
import SupportGateCore

/// Commit discipline (Maildir and Postfix style): a result is written under a
/// temporary name, made durable, renamed into place and its folder fsynced;
/// only then does the original leave processing/. A crash at any point leaves
/// either no result and the original in processing/ (decided again), or the
/// result and the original in processing/ (recognised as a repeat).
extension SpoolProcessor {
    /// Writes the results durably and says where each original goes; moves nothing.
    func commitResults(_ batch: ArraySlice<PreparedDraft>) throws(SpoolError) -> (outcomes: [DraftOutcome], archive: PendingArchive) {
        var written: [(index: Int, folder: DirectoryHandle, temporary: FileName)] = []
        do throws(SpoolError) {
            for index in batch.indices {
                guard let result = batch[index].result, batch[index].resultName != nil else { continue }
                let folder = result.decision.isAccepted ? accepted : rejected
                temporarySequence &+= 1
                let temporary = FileName("\(Self.temporaryPrefix)\(processID)-\(temporarySequence)-\(result.decisionId)")
                try folder.writeNewFile(temporary, PreparedDraft.encode(result), fsync: settings.durability == .perFile)
                written.append((index, folder, temporary))
            }
            if settings.durability == .groupCommit, !written.isEmpty {
                guard sg_syncfs(accepted.descriptor) == 0 else { throw SpoolError("cannot sync the spool file system", path: layout.root, errno: errno) }
            }
        } catch {
            for entry in written { try? entry.folder.remove(entry.temporary) }
            throw error
        }
        var touchedResultFolders: Set<ObjectIdentifier> = []
        for (position, entry) in written.enumerated() {
            guard let name = batch[entry.index].resultName else { continue }
            do throws(SpoolError) {
                try entry.folder.rename(entry.temporary, to: entry.folder, as: name)
            } catch where error.errno == EEXIST {
                // Decided meanwhile by another gate on this spool: that result stands.
                try? entry.folder.remove(entry.temporary)
            } catch {
                // The drafts stay in processing/ and are decided again: no temporaries left behind.
                for rest in written[position...] { try? rest.folder.remove(rest.temporary) }
                throw error
            }
            touchedResultFolders.insert(ObjectIdentifier(entry.folder))
        }
        for folder in [accepted, rejected] where touchedResultFolders.contains(ObjectIdentifier(folder)) {
            try folder.sync()
        }
        var outcomes: [DraftOutcome] = []
        outcomes.reserveCapacity(batch.count)
        var pending = PendingArchive()
        for item in batch {
            let destination = item.originalDestination
            pending.moves.append((item.claim, destination))
            var outcome = item.outcome
            switch destination {
            case .archive: outcome.originalPath = "archive/\(item.claim)"
            case .quarantine: outcome.originalPath = "quarantine/\(item.claim)"
            case .discard: outcome.originalPath = nil
            }
            if let name = item.resultName, let result = item.result {
                outcome.resultPath = "\(result.decision.isAccepted ? "accepted" : "rejected")/\(name)"
            }
            outcomes.append(outcome)
        }
        return (outcomes, pending)
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
                try moveOriginal(move.claim, to: archive)
                archived = true
            case .quarantine:
                try quarantineOriginal(move.claim)
                quarantined = true
            case .discard:
                try removeOriginal(move.claim)
            }
        }
        try processing.sync()
        if quarantined { try quarantine.sync() }
        if archived { try archive.sync() }
    }

    /// Quarantine keeps an original whole when it is at most `maxDraftBytes` long. A longer
    /// one (rejected DRAFT_TOO_LARGE: a submitter could fill the disk, and could no longer
    /// delete it) is replaced by its first `maxDraftBytes` bytes, "<claim>.head", or by
    /// nothing when the gate may not read it; its result, durable by now, says why.
    private func quarantineOriginal(_ claim: FileName) throws(SpoolError) {
        guard let status = processing.entryStatus(claim) else { return }  // moved before a crash
        guard status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) > settings.maxDraftBytes else {
            try moveOriginal(claim, to: quarantine)
            return
        }
        if let head = readHead(of: claim, bytes: settings.maxDraftBytes) {
            do throws(SpoolError) {
                try quarantine.writeNewFile(FileName(bytes: claim.bytes + Array(".head".utf8)), head, fsync: true, mode: 0o600)
            } catch where error.errno == EEXIST {
                // Written before a crash; the original was not removed yet.
            }
            try quarantine.sync()
        }
        try removeOriginal(claim)
    }

    /// Only once its result is durable; gone already (a crash after the unlink) is fine.
    private func removeOriginal(_ claim: FileName) throws(SpoolError) {
        do throws(SpoolError) {
            try processing.remove(claim)
        } catch where error.errno == ENOENT {
            return
        }
    }

    /// Up to `count` bytes from the start of a claimed file; nil when it cannot be read.
    private func readHead(of claim: FileName, bytes count: Int) -> [UInt8]? {
        let descriptor = processing.openEntry(claim)
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
                try processing.rename(claim, to: target, as: name)
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
