#if canImport(Glibc)
import Glibc
#endif

/// What is waiting in incoming/, by file owner, so that intake takes turns between
/// submitters (round robin, as Postfix's queue manager takes turns between
/// destinations): one uid's flood of drafts no longer holds up another uid's single
/// draft, whatever order readdir returns. It also counts each owner's waiting drafts
/// and bytes for the per-submitter caps.
///
/// Filled by a full scan of the folder (at start, after an inotify overflow, on the
/// periodic rescan, or when the names it holds run out while more are waiting) and,
/// between scans, by the names inotify reports. It holds at most `nameBudget` names
/// (and a quarter of that for one owner), so memory stays bounded whatever the backlog;
/// what it could not hold is found by the next scan. Owned by the thread that claims.
struct IncomingIndex {
    struct Waiting {
        let name: FileName
        let bytes: Int64
    }

    /// One owner's names, oldest known first, and the totals of everything it has waiting.
    struct Owner {
        var names: [Waiting] = []
        var head = 0
        var count = 0
        var bytes: Int64 = 0

        var isEmpty: Bool { head == names.count }
        var held: Int { names.count - head }

        /// The oldest name held, with the totals before it is taken; nil when none is held.
        mutating func take() -> (waiting: Waiting, count: Int, bytes: Int64)? {
            guard head < names.count else { return nil }
            let waiting = names[head]
            let before = (waiting, count, bytes)
            head += 1
            count -= 1
            bytes -= waiting.bytes
            if head == names.count {
                names.removeAll(keepingCapacity: true)
                head = 0
            }
            return before
        }
    }

    let nameBudget: Int
    /// A draft counts towards its owner's bytes with at most this much: one over the draft
    /// limit is refused DRAFT_TOO_LARGE and only its head is kept, whatever its size.
    var bytesCountedPerDraft: Int64 = .max
    private(set) var owners: [UInt32: Owner] = [:]
    /// Owners in the order they take turns.
    private var ring: [UInt32] = []
    private var turn = 0
    private var known: Set<FileName> = []
    /// False when incoming/ may hold drafts this index has not got: before the first scan,
    /// and when a scan or an arrival found more than the budget holds.
    private(set) var isComplete = false

    init(nameBudget: Int = 65_536) {
        self.nameBudget = nameBudget
    }

    var isEmpty: Bool { known.isEmpty }

    /// True when an owner with at most `light` drafts waiting stands beside an owner with
    /// more than `heavy`: a light submitter behind another's backlog.
    func hasLightOwnerBehindBacklog(light: Int, heavy: Int) -> Bool {
        var sawLight = false
        var sawHeavy = false
        for owner in owners.values where owner.count > 0 {
            if owner.count <= light { sawLight = true }
            if owner.count > heavy { sawHeavy = true }
            if sawLight && sawHeavy { return true }
        }
        return false
    }

    /// Forgets everything and reads incoming/ again: every entry but hidden names and
    /// directories, with its owner and size. Drafts that do not fit the budget are counted
    /// but not kept. False when the folder could not be read to the end.
    mutating func rebuild(from incoming: DirectoryHandle) -> Bool {
        owners.removeAll(keepingCapacity: true)
        ring.removeAll(keepingCapacity: true)
        known.removeAll(keepingCapacity: true)
        turn = 0
        isComplete = true
        let complete = incoming.forEachEntryName { raw in
            guard raw.first != UInt8(ascii: ".") else { return }
            self.add(FileName(bytes: Array(raw)), in: incoming)
        }
        if !complete { isComplete = false }
        return complete
    }

    /// Names inotify reported since the last turn.
    mutating func add(arrivals: [FileName], in incoming: DirectoryHandle) {
        for name in arrivals where !name.isHidden && !known.contains(name) {
            add(name, in: incoming)
        }
    }

    private mutating func add(_ name: FileName, in incoming: DirectoryHandle) {
        guard let status = incoming.entryStatus(name), status.st_mode & S_IFMT != S_IFDIR else { return }
        let uid = status.st_uid
        let bytes = status.st_mode & S_IFMT == S_IFREG ? min(Int64(status.st_size), bytesCountedPerDraft) : 0
        if owners[uid] == nil { ring.append(uid) }
        // In place (the dictionary's element is modified where it is): a copy taken out and
        // put back would copy the owner's names on every draft.
        owners[uid, default: Owner()].count += 1
        owners[uid, default: Owner()].bytes += bytes
        if known.count < nameBudget, owners[uid, default: Owner()].held < max(1, nameBudget / 4) {
            owners[uid, default: Owner()].names.append(Waiting(name: name, bytes: bytes))
            known.insert(name)
        } else {
            isComplete = false
        }
    }

    /// Up to `limit` names, one owner at a time in turn, each with its owner's totals as
    /// they were before this name was taken; taken names leave the index and the totals.
    mutating func take(limit: Int) -> [(name: FileName, uid: UInt32, waitingCount: Int, waitingBytes: Int64)] {
        var taken: [(name: FileName, uid: UInt32, waitingCount: Int, waitingBytes: Int64)] = []
        var idleInARow = 0
        while taken.count < limit, !ring.isEmpty, idleInARow < ring.count {
            if turn >= ring.count { turn = 0 }
            let uid = ring[turn]
            turn += 1
            // In place, as in add: no copy of the owner's names is taken out.
            guard let next = owners[uid, default: Owner()].take() else {
                idleInARow += 1
                continue
            }
            idleInARow = 0
            taken.append((next.waiting.name, uid, next.count, next.bytes))
            known.remove(next.waiting.name)
        }
        dropIdleOwners()
        return taken
    }

    /// Owners with nothing waiting leave the ring. One with drafts the index could not hold
    /// stays, its count still counting towards its caps, until the next scan.
    private mutating func dropIdleOwners() {
        guard ring.contains(where: { owners[$0]?.count == 0 }) else { return }
        let before = ring.count
        ring.removeAll { owners[$0]?.count == 0 }
        for (uid, owner) in owners where owner.count == 0 { owners[uid] = nil }
        if ring.count != before { turn = ring.isEmpty ? 0 : turn % ring.count }
    }
}
