import BusinessCalendar
#if canImport(Glibc)
import Glibc
#endif
import SupportGateCore

/// The spool's first stage, owned by one thread (the daemon's worker): claims drafts from
/// incoming/ into processing/ by atomic rename, taking turns between their owners, and
/// decides them (`prepare`). It is not Sendable: the daemon keeps it behind a Mutex that
/// its worker holds while it claims and prepares, so no other thread can touch the intake
/// index, the claim numbers or the decision history meanwhile.
public final class DraftIntake {
    public let folders: OpenSpoolFolders
    public var settings: SpoolSettings
    /// Swapped between batches on reload.
    public var evaluator: DraftEvaluator
    /// None: repeats and duplicates are the ledger's to settle, when the batch commits.
    var history = NoDecisionHistory()
    private var identities: [UInt32: SubmitterIdentity] = [:]
    /// Group names of the directory's partners, resolved on the host (nil: no such group).
    private var groups: [String: UInt32?] = [:]
    /// The number of the last claim (ClaimName): from the start time in microseconds on,
    /// so a restarted gate does not reuse the numbers of the last run.
    private var claimNumber: UInt64
    /// incoming/ by owner, for taking turns and for the caps.
    private var index = IncomingIndex()
    /// Claims over their owner's cap, to be refused unread by `prepare`.
    private var refusals: [FileName: QueueRefusal] = [:]
    /// Claimed drafts still open for writing, by owner: they count towards the caps.
    var held = HeldDrafts()
    /// Passes still to claim in small batches, since a light owner last waited behind a backlog.
    private var contendedPasses = 0

    public init(folders: OpenSpoolFolders, settings: SpoolSettings, evaluator: DraftEvaluator) {
        self.folders = folders
        self.settings = settings
        self.evaluator = evaluator
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        claimNumber = UInt64(max(0, now.tv_sec)) * 1_000_000 + UInt64(max(0, now.tv_nsec)) / 1_000
    }

    /// Group lookups are cached per uid until the next reload.
    public func forgetIdentities() {
        identities.removeAll()
        groups.removeAll()
    }

    /// Claims up to `limit` drafts from incoming/, taking turns between their owners
    /// (IncomingIndex), whatever order readdir returns. `arrivals` are the names inotify
    /// reported since the last claim; `rescan` starts a new sweep of the folder (at start,
    /// after an overflow, periodically). Hidden names (".x") are writers' temporary files, and
    /// directories are no drafts: neither is claimed nor counts towards `limit`. A draft
    /// whose owner has more waiting than its cap is claimed to be refused unread. A draft
    /// that vanished meanwhile is passed over; any other failure (read-only or full spool,
    /// …) stops the claim and is thrown as a fault.
    public func claimFromIncoming(limit: Int, arrivals: [FileName] = [], rescan: Bool = true) throws(SpoolError) -> [FileName] {
        let incoming = folders.incoming
        index.bytesCountedPerDraft = Int64(settings.maxDraftBytes) + 1
        var read = true
        var arrived: Set<UInt32> = []
        if rescan || (index.isEmpty && !index.isComplete && !index.isSweeping) {
            read = index.startSweep(of: incoming)
        } else {
            arrived = index.add(arrivals: arrivals, in: incoming)
            if index.isSweeping, index.heldCount < limit { read = index.continueSweep(of: incoming) }
        }
        guard read else {
            let code = errno == 0 ? EIO : errno
            index = IncomingIndex()
            throw SpoolError("cannot read the folder to the end", path: incoming.path, errno: code)
        }
        // When a submitter drops a few drafts behind another's backlog, smaller batches for
        // the next 128 passes (a second or two): a turn of the pipeline is shorter, so its
        // drafts wait for short turns only. A backlog alone keeps full batches.
        let small = max(16, limit / 4)
        if index.isLightArrivalBehindBacklog(arrived, light: small, heavy: limit) { contendedPasses = 128 }
        let limit = contendedPasses > 0 ? min(limit, small) : limit
        contendedPasses = max(0, contendedPasses - 1)
        var claimed: [FileName] = []
        for item in index.take(limit: limit) {
            do throws(SpoolError) {
                let claim = try claim(item.name)
                claimed.append(claim)
                // An owner with more waiting than the index holds has at least its share waiting:
                // over the cap when the share is.
                let atLeast = item.beyondShare ? max(item.waitingCount, index.share) : item.waitingCount
                // Held drafts add to what the index has counted, not to the "at least its share"
                // estimate: that guess must not refuse an owner below its cap.
                let holding = held.owner(item.uid)
                if atLeast > settings.maxQueuedPerSubmitter || item.waitingCount + holding.count > settings.maxQueuedPerSubmitter
                    || item.waitingBytes + holding.bytes > settings.maxQueuedBytesPerSubmitter {
                    refusals[claim] = QueueRefusal(uid: item.uid, waitingCount: item.waitingCount, waitingBytes: item.waitingBytes,
                                                   heldCount: holding.count, heldBytes: holding.bytes)
                }
            } catch where error.errno == ENOENT {
                continue
            } catch {
                if claimed.isEmpty {
                    index = IncomingIndex()  // what it took is unknown now: read the folder again
                    throw error
                }
                break  // decide what was claimed; the fault comes back on the next claim
            }
        }
        // No fsync here: a claim lost in a crash only puts the draft back in incoming/.
        return claimed
    }

    /// incoming/ may hold drafts the last claim did not take: more than it asked for, or
    /// more than the index could hold.
    public var incomingMayHoldMore: Bool {
        !index.isEmpty || !index.isComplete
    }

    /// Claimed drafts found still open for writing at their last probe.
    public var heldCount: Int { held.count }

    func takeRefusal(_ claim: FileName) -> QueueRefusal? {
        refusals.removeValue(forKey: claim)
    }

    func identity(uid: UInt32) -> SubmitterIdentity {
        if let known = identities[uid] { return known }
        let identity = SubmitterLookup.identity(uid: uid)
        identities[uid] = identity
        return identity
    }

    func groupIDs(_ names: Set<String>) -> Set<UInt32> {
        var ids: Set<UInt32> = []
        for name in names {
            if let known = groups[name] {
                if let gid = known { ids.insert(gid) }
                continue
            }
            let gid = SubmitterLookup.groupID(name)
            groups[name] = gid
            if let gid { ids.insert(gid) }
        }
        return ids
    }

    /// Moves one draft into processing/ under a claim name of its own. A name already
    /// there (left by a run whose clock was ahead) is passed over for the next number.
    private func claim(_ name: FileName) throws(SpoolError) -> FileName {
        var attempts = 0
        while true {
            claimNumber += 1
            let claim = ClaimName.make(number: claimNumber, original: name)
            do throws(SpoolError) {
                try folders.incoming.rename(name, to: folders.processing, as: claim)
                return claim
            } catch where error.errno == EEXIST && attempts < 100 {
                attempts += 1
            }
        }
    }
}
