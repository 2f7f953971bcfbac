#if canImport(Glibc)
import Glibc
#endif
import SupportGateCore
import SystemCalls

/// The spool's second stage, owned by the daemon's main thread: writes the results of a
/// prepared batch (Maildir and Postfix style: under a temporary name, made durable, renamed
/// into place and the folder fsynced; only then does the original leave processing/), and
/// keeps the deferrals. A crash at any point leaves either no result and the original in
/// processing/ (decided again), or the result and the original in processing/ (recognised
/// as a repeat). Not Sendable: nothing here is shared with the worker, which gets only
/// the prepared batches and the `PendingArchive` this hands back.
public final class ResultCommitter {
    public let folders: OpenSpoolFolders
    public var settings: SpoolSettings {
        didSet { shelves.removeAll() }  // a reload may change who may enter a shelf: set it again
    }
    /// Shelves opened and their ACL set since the start or the last reload, by "a/<name>" or "r/<name>".
    private var shelves: [FileName: DirectoryHandle] = [:]
    /// Drafts in processing/ still open for writing (held), and when to look again: the
    /// waits double, up to a minute (DeferralSchedule).
    var deferrals = DeferralSchedule()
    /// Claimed drafts a batch ran out of time for, to be taken up first among due ones.
    var postponed = PostponedClaims()
    /// processing/'s modification time when it was last listed to the end and held nothing
    /// the gate did not know of: while it is unchanged, there is nothing to list again.
    var processingListedAt: (at: timespec, when: Int64)?
    /// The drafts in processing/ that are not held, counted at that modification time and
    /// number of held drafts, for STATUS=.
    var processingCount: (at: timespec, held: Int, unheld: Int)?
    /// Makes every temporary result name unique, whatever the decision ids.
    private var temporarySequence: UInt64 = 0
    private let processID = getpid()
    /// What settles a batch's decisions with the gate's memory before their results are
    /// written (SupportGateCommit's `LedgerCommit`); nil: results are written as decided.
    public var settlement: (any BatchSettlement)?
    /// A test's way to make a result write fail, as a full or read-only spool would: called
    /// with each temporary name before it is written; a non-zero errno fails that write.
    var injectedWriteFault: ((FileName) -> Int32)?
    /// The same for renaming a written result into place: after the ledger has committed,
    /// as a crash at that moment would leave it.
    var injectedRenameFault: ((FileName) -> Int32)?

    static let temporaryPrefix = "~tmp-"

    public init(folders: OpenSpoolFolders, settings: SpoolSettings) {
        self.folders = folders
        self.settings = settings
    }

    /// Moves originals out of processing/ with the current limits; hand it to another thread freely.
    public var archiver: OriginalArchiver {
        OriginalArchiver(folders: folders, maxDraftBytes: settings.maxDraftBytes)
    }

    /// Start-up: results half-written by a crash are removed (their drafts are
    /// still in processing/ and will be decided again).
    public func removeTemporaryResults() {
        for top in [folders.accepted, folders.rejected] {
            var folders = [top]
            for shelf in top.subfolderNames() ?? [] {
                if let handle = try? DirectoryHandle(in: top, name: shelf) { folders.append(handle) }
            }
            for folder in folders {
                for name in folder.names(limit: .max, where: { $0.hasPrefix(Self.temporaryPrefix) }) {
                    try? folder.remove(name)
                }
            }
        }
    }

    /// Commits the results, then moves the originals. After a fault, the intake must forget
    /// its uncommitted decisions (`DraftIntake.forgetDecisionsInMemory()`).
    ///
    /// With `archiveLater` (group commit only), the originals are left in processing/ and
    /// the report's `pendingArchive` says where they go; pass it to `OriginalArchiver.archive(_:)`.
    /// Until then a crash only means deciding them again, as repeats of results already durable.
    public func commit(_ batch: PreparedBatch, monotonicMilliseconds now: Int64, archiveLater: Bool = false) -> BatchReport {
        var report = BatchReport()
        for outcome in batch.unprepared {
            switch outcome.disposition {
            case .deferred:
                deferrals.hold(outcome.claimName, now: now, quietMilliseconds: settings.quietMilliseconds)
            case .postponed:
                postponed.add(outcome.claimName)  // its wait, if it was held, stands
                continue  // not looked at: nothing to report
            default:
                deferrals.release(outcome.claimName)
            }
            postponed.remove(outcome.claimName)
            report.outcomes.append(outcome)
        }
        for item in batch.items {
            deferrals.release(item.claim)
            postponed.remove(item.claim)
        }
        let archiver = self.archiver
        var items = batch.items
        do throws(CommitFault) {
            switch settings.durability {
            case .groupCommit:
                let written = try settleAndWrite(&items, items.indices)
                let pending = try Self.spool { () throws(SpoolError) in try publish(items[...], written) }
                report.outcomes += pending.outcomes
                if archiveLater {
                    report.pendingArchive = pending.archive
                } else {
                    try Self.spool { () throws(SpoolError) in try archiver.archive(pending.archive) }
                }
            case .perFile:
                for index in items.indices {
                    let written = try settleAndWrite(&items, index..<index + 1)
                    let pending = try Self.spool { () throws(SpoolError) in try publish(items[index...index], written) }
                    report.outcomes += pending.outcomes
                    try Self.spool { () throws(SpoolError) in try archiver.archive(pending.archive) }
                }
            }
        } catch {
            report.fault = error
            processingListedAt = nil  // the batch's drafts are left in processing/: list it
        }
        return report
    }

    private static func spool<Value>(_ body: () throws(SpoolError) -> Value) throws(CommitFault) -> Value {
        do throws(SpoolError) {
            return try body()
        } catch {
            throw .spool(error)
        }
    }

    /// A result written under its temporary name, not yet renamed into place.
    public struct WrittenResult {
        let index: Int
        let shelf: DirectoryHandle
        let temporary: FileName
    }

    /// Writes each result under a temporary name on its shelf and makes it durable: with
    /// `syncAll` (group commit, or a batch the ledger is about to commit for) one syncfs
    /// makes the temporaries, the claims and the drafts' own bytes durable at once. On a
    /// failure nothing is left behind.
    public func writeTemporaries(_ batch: ArraySlice<PreparedDraft>, syncAll: Bool) throws(SpoolError) -> [WrittenResult] {
        let withACL = settings.resultAccess == .acl
        // Each result is written on its shelf under a temporary name and renamed there, within
        // one folder (a rename across folders dirties both, and cost half the throughput).
        var written: [WrittenResult] = []
        do throws(SpoolError) {
            for index in batch.indices {
                guard let file = batch[index].resultFile else { continue }
                let top = file.accepted ? folders.accepted : folders.rejected
                let shelf = try shelfFolder(batch[index].shelf, in: top)
                temporarySequence &+= 1
                let temporary = FileName("\(Self.temporaryPrefix)\(processID)-\(temporarySequence)-\(file.decisionId)")
                if let code = injectedWriteFault?(temporary), code != 0 {
                    throw SpoolError("cannot write the result (injected)", path: "\(shelf.path)/\(temporary)", errno: code)
                }
                try shelf.writeNewFile(temporary, file.bytes, fsync: settings.durability == .perFile,
                                     mode: withACL ? 0o600 : 0o640, acl: withACL ? batch[index].shelf.fileACL(accepted: file.accepted) : nil)
                written.append(WrittenResult(index: index, shelf: shelf, temporary: temporary))
            }
            if syncAll, !written.isEmpty {
                try folders.accepted.syncFileSystem(root: folders.paths.root)
            }
        } catch {
            removeTemporaries(written)
            throw error
        }
        return written
    }

    public func removeTemporaries(_ written: [WrittenResult]) {
        for entry in written { try? entry.shelf.remove(entry.temporary) }
    }

    /// Renames the written results into place, makes the renames durable and says where
    /// each original goes; moves nothing.
    private func publish(_ batch: ArraySlice<PreparedDraft>, _ written: [WrittenResult]) throws(SpoolError) -> (outcomes: [DraftOutcome], archive: PendingArchive) {
        var touched: [ObjectIdentifier: DirectoryHandle] = [:]
        for (position, entry) in written.enumerated() {
            guard let name = batch[entry.index].resultName else { continue }
            do throws(SpoolError) {
                if let code = injectedRenameFault?(name), code != 0 {
                    throw SpoolError("cannot rename the result (injected)", path: "\(entry.shelf.path)/\(name)", errno: code)
                }
                try entry.shelf.rename(entry.temporary, to: entry.shelf, as: name, replacing: batch[entry.index].replacesEarlierResult)
            } catch where error.errno == EEXIST {
                // The acceptance is there already (a repeat whose result was not pruned, or one
                // written meanwhile by another gate on this spool): that result stands.
                try? entry.shelf.remove(entry.temporary)
            } catch {
                // The drafts stay in processing/ and are decided again: no temporaries left behind.
                removeTemporaries(Array(written[position...]))
                throw error
            }
            touched[ObjectIdentifier(entry.shelf)] = entry.shelf
        }
        // The renames made durable: a batch's results sit on as many shelves as it has
        // partners, so in group commit one syncfs, not an fsync per shelf (dozens per batch
        // on a gate shared by many partners halved the throughput).
        if settings.durability == .groupCommit, touched.count > 2 {
            try folders.accepted.syncFileSystem(root: folders.paths.root)
        } else {
            for shelf in touched.values {
                try shelf.sync()
            }
        }
        removeRejectionsReplaced(by: batch)
        var outcomes: [DraftOutcome] = []
        outcomes.reserveCapacity(batch.count)
        var pending = PendingArchive()
        for item in batch {
            let destination = item.originalDestination
            pending.moves.append(.init(claim: item.claim, destination: destination, decidedBytes: item.decidedBytes))
            var outcome = item.outcome
            switch destination {
            case .archive: outcome.originalPath = "archive/\(item.claim)"
            case .quarantine: outcome.originalPath = "quarantine/\(item.claim)"
            case .discard: outcome.originalPath = nil
            }
            if let name = item.resultName, let accepted = item.resultIsAccepted {
                outcome.resultPath = "\(accepted ? "accepted" : "rejected")/\(item.shelf.name)/\(name)"
            }
            outcomes.append(outcome)
        }
        return (outcomes, pending)
    }

    /// The shelf's folder in accepted/ or rejected/, created on first use, and its ACL set
    /// once per start or reload (the partner's submitters may have changed). Only the
    /// gate writes in accepted/ and rejected/, so the name is the gate's own folder.
    func shelfFolder(_ shelf: ResultShelf, in top: DirectoryHandle) throws(SpoolError) -> DirectoryHandle {
        let key = FileName(bytes: [top === folders.accepted ? UInt8(ascii: "a") : UInt8(ascii: "r"), UInt8(ascii: "/")] + shelf.name.bytes)
        if let open = shelves[key] { return open }
        let withACL = settings.resultAccess == .acl
        let created = !top.exists(shelf.name)
        let handle = try DirectoryHandle(in: top, name: shelf.name, create: withACL ? 0o700 : 0o710)
        if withACL {
            do throws(SystemCallError) {
                try shelf.folderACL(accepted: top === folders.accepted).apply(to: handle.descriptor)
            } catch {
                throw SpoolError("cannot set who may enter the folder", path: handle.path, errno: error.errno)
            }
        }
        if created { try top.sync() }
        shelves[key] = handle
        return handle
    }

    /// In `acl` mode, whether the spool's file system takes POSIX ACLs: a clear refusal at
    /// start rather than a fault at the first result.
    public func checkResultAccess() throws(SpoolError) {
        guard settings.resultAccess == .acl else { return }
        let probe = FileName("\(Self.temporaryPrefix)\(processID)-acl-probe")
        try? folders.accepted.remove(probe)
        defer { try? folders.accepted.remove(probe) }
        let acl = AccessControlList(owner: AccessControlList.read | AccessControlList.write, users: [getuid()], groups: [], named: AccessControlList.read)
        try folders.accepted.writeNewFile(probe, [], fsync: false, mode: 0o600, acl: acl)
    }
}
