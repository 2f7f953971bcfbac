#if canImport(Glibc)
import Glibc
#endif
import SystemCalls

/// Drafts in processing/ still open for writing (held): when each is looked at again, and
/// what is in processing/ besides them. Listing processing/ is what 40,000 held drafts
/// would make expensive, so it is listed again only once it has changed.
extension ResultCommitter {
    /// Drafts already in processing/ and not waiting out a deferral: left by a crash or a
    /// stop, or deferred and now due. Only while no batch is in flight: a prepared batch's
    /// drafts are in processing/ too. The folder is listed when it changed since it was
    /// last listed to the end (a claim, a removal: `rename`/`unlink` set its modification
    /// time), after a failed commit, and at least every 60 s all the same (a modification
    /// time is as coarse as the kernel's clock tick); otherwise held drafts that are due
    /// come from the schedule, with no listing.
    public func claimedDrafts(limit: Int, now: Int64) -> [FileName] {
        let changed = Self.modificationTime(of: folders.processing)
        if let changed, let listed = processingListedAt, Self.same(changed, listed.at), now < listed.when + 60_000 {
            let left = postponed.take(limit: limit, excluding: [])
            return left + deferrals.takeDue(limit: limit - left.count, now: now, excluding: Set(left))
        }
        let names = folders.processing.names(limit: limit) { name in
            guard !name.isHidden else { return false }  // the gate's own files (InFlightRecord), never claims
            guard let until = self.deferrals.due(name) else { return true }
            return until <= now
        }
        // Listed to the end: unchanged from now on, it holds nothing else to take up.
        processingListedAt = names.count < limit ? changed.map { ($0, now) } : nil
        return names
    }

    /// Deferred drafts whose wait is over (no directory listing), leaving out those already
    /// in `inFlight`: that batch was prepared but is committed (and their wait cleared or
    /// renewed) only after this is asked. Each is due again after its current wait unless
    /// the batch that takes it is committed first.
    /// Drafts a batch ran out of time for come first.
    public func dueDeferred(limit: Int, now: Int64, notIn inFlight: PreparedBatch? = nil) -> [FileName] {
        let busy = Set(inFlight?.claims ?? [])
        let left = postponed.take(limit: limit, excluding: busy)
        guard deferrals.hasDue(at: now) else { return left }
        return left + deferrals.takeDue(limit: limit - left.count, now: now, excluding: busy.union(left))
    }

    public var hasDeferred: Bool { !deferrals.isEmpty }

    /// A batch ran out of time before these: the next turn should come at once.
    public var hasPostponed: Bool { !postponed.isEmpty }

    /// Drafts in processing/ still open for writing by their submitter: not the backlog.
    public var heldCount: Int { deferrals.count }

    /// Drafts waiting in incoming/ and processing/ (up to `cap`), held drafts left out.
    /// processing/ is counted again only when it or the number held changed.
    public func backlogEstimate(cap: Int) -> (count: Int, capped: Bool) {
        let waiting = folders.incoming.names(limit: cap) { !$0.isHidden }.count
        let changed = Self.modificationTime(of: folders.processing)
        let claimed: Int
        if let changed, let counted = processingCount, Self.same(changed, counted.at), counted.held == deferrals.count {
            claimed = counted.unheld
        } else {
            claimed = folders.processing.names(limit: cap) { !$0.isHidden && self.deferrals.due($0) == nil }.count
            if let changed { processingCount = (changed, deferrals.count, claimed) }
        }
        let total = min(cap, waiting + claimed)
        return (total, total >= cap)
    }

    static func modificationTime(of folder: DirectoryHandle) -> timespec? {
        (try? SystemCall.fstat(folder.descriptor))?.st_mtim
    }

    static func same(_ one: timespec, _ other: timespec) -> Bool {
        one.tv_sec == other.tv_sec && one.tv_nsec == other.tv_nsec
    }
}
