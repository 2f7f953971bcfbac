#if canImport(Glibc)
import Glibc
#endif

/// What is waiting in incoming/, by file owner, so that intake takes turns between
/// submitters (round robin, as Postfix's queue manager takes turns between
/// destinations): one uid's flood of drafts no longer holds up another uid's single
/// draft, whatever order readdir returns. It also counts each owner's waiting drafts
/// and bytes for the per-submitter caps.
///
/// Filled by a sweep of the folder (started at start, after an inotify overflow, on the
/// periodic rescan, or when names were dropped) that goes on where it stopped whenever the
/// names it holds run low, and, between sweeps, by the names inotify reports. It holds at
/// most `nameBudget` names (and a quarter of that for one owner): a sweep pauses when an
/// owner's share is full, so memory stays bounded whatever the backlog and no entry is
/// read twice in a sweep. Owned by the thread that claims.
struct IncomingIndex {
    struct Waiting {
        let name: FileName
        let bytes: Int64
    }

    /// One owner's names, oldest known first, and the bytes they come to.
    struct Owner {
        var names: [Waiting] = []
        var head = 0
        var bytes: Int64 = 0

        /// How many drafts of this owner the index holds (beyondShare says if it has more).
        var held: Int { names.count - head }

        /// The oldest name held, with the totals before it is taken; nil when none is held.
        mutating func take() -> (waiting: Waiting, count: Int, bytes: Int64)? {
            guard head < names.count else { return nil }
            let waiting = names[head]
            let before = (waiting, held, bytes)
            head += 1
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
    /// False when incoming/ may hold drafts this index has not got: before the first sweep,
    /// while a sweep is paused, and when an arrival did not fit.
    private(set) var isComplete = false
    private var sweep: DirectorySweep?
    /// Read by the sweep when its owner's share was full; taken first when it resumes.
    private var pausedAt: FileName?
    /// An arrival did not fit since the sweep started: when it ends, another is needed.
    private var droppedArrival = false
    /// Owners with more waiting than their share holds (the sweep paused on them, or an
    /// arrival of theirs did not fit), until the next sweep starts.
    private var beyondShare: Set<UInt32> = []
    /// How many names one owner may hold.
    var share: Int { max(1, nameBudget / 4) }

    init(nameBudget: Int = 65_536) {
        self.nameBudget = nameBudget
    }

    var isEmpty: Bool { known.isEmpty }
    var heldCount: Int { known.count }
    var isSweeping: Bool { sweep != nil }

    /// True when one of `arrived` (owners whose drafts inotify just reported) has at most
    /// `light` drafts waiting while another owner has more than `heavy`: a submitter who
    /// just dropped a few drafts, behind someone else's backlog.
    func isLightArrivalBehindBacklog(_ arrived: Set<UInt32>, light: Int, heavy: Int) -> Bool {
        guard arrived.contains(where: { (1...max(1, light)).contains(owners[$0]?.held ?? 0) }) else { return false }
        return owners.contains { !arrived.contains($0.key) && $0.value.held > heavy }
    }

    /// Forgets everything and starts a sweep of incoming/: every entry but hidden names and
    /// directories, with its owner and size. False when the folder cannot be read.
    mutating func startSweep(of incoming: DirectoryHandle) -> Bool {
        owners.removeAll(keepingCapacity: true)
        ring.removeAll(keepingCapacity: true)
        known.removeAll(keepingCapacity: true)
        turn = 0
        pausedAt = nil
        droppedArrival = false
        beyondShare.removeAll(keepingCapacity: true)
        isComplete = false
        sweep = DirectorySweep(incoming)
        guard sweep != nil else { return false }
        return continueSweep(of: incoming)
    }

    /// Reads on from where the sweep stopped until an owner's share or the budget is full,
    /// or the folder ends. False when readdir failed.
    mutating func continueSweep(of incoming: DirectoryHandle) -> Bool {
        guard let sweep else { return true }
        if let paused = pausedAt {
            if case .full = hold(paused, in: incoming) { return true }
            pausedAt = nil
        }
        while let name = sweep.next() {
            guard !name.isHidden else { continue }
            if case .full = hold(name, in: incoming) {
                pausedAt = name
                return true
            }
        }
        self.sweep = nil
        isComplete = !sweep.failed && !droppedArrival
        if isComplete { beyondShare.removeAll(keepingCapacity: true) }  // every waiting draft is held now
        return !sweep.failed
    }

    /// Names inotify reported since the last turn; returns their owners. One that does not
    /// fit is left for the next sweep.
    @discardableResult
    mutating func add(arrivals: [FileName], in incoming: DirectoryHandle) -> Set<UInt32> {
        var arrived: Set<UInt32> = []
        for name in arrivals where !name.isHidden && !known.contains(name) {
            switch hold(name, in: incoming) {
            case .held(let uid): arrived.insert(uid)
            case .passedOver: break
            case .full:
                droppedArrival = true
                isComplete = false
            }
        }
        return arrived
    }

    enum Holding { case held(UInt32), passedOver, full }

    /// Takes in one entry; a directory or a vanished name is passed over. `.full` when the
    /// budget or its owner's share is full, and nothing was changed.
    private mutating func hold(_ name: FileName, in incoming: DirectoryHandle) -> Holding {
        guard let status = incoming.entryStatus(name), status.st_mode & S_IFMT != S_IFDIR else { return .passedOver }
        let uid = status.st_uid
        guard known.count < nameBudget else { return .full }
        guard (owners[uid]?.held ?? 0) < share else {
            beyondShare.insert(uid)
            return .full
        }
        let bytes = status.st_mode & S_IFMT == S_IFREG ? min(Int64(status.st_size), bytesCountedPerDraft) : 0
        if owners[uid] == nil { ring.append(uid) }
        // In place (the dictionary's element is modified where it is): a copy taken out and
        // put back would copy the owner's names on every draft.
        owners[uid, default: Owner()].bytes += bytes
        owners[uid, default: Owner()].names.append(Waiting(name: name, bytes: bytes))
        known.insert(name)
        return .held(uid)
    }

    /// Up to `limit` names, one owner at a time in turn, each with its owner's totals as
    /// they were before this name was taken (and whether it has more waiting than it holds);
    /// taken names leave the index and the totals.
    mutating func take(limit: Int) -> [(name: FileName, uid: UInt32, waitingCount: Int, waitingBytes: Int64, beyondShare: Bool)] {
        var taken: [(name: FileName, uid: UInt32, waitingCount: Int, waitingBytes: Int64, beyondShare: Bool)] = []
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
            taken.append((next.waiting.name, uid, next.count, next.bytes, beyondShare.contains(uid)))
            known.remove(next.waiting.name)
        }
        dropIdleOwners()
        return taken
    }

    /// Owners with nothing waiting leave the ring.
    private mutating func dropIdleOwners() {
        guard ring.contains(where: { owners[$0]?.held == 0 }) else { return }
        let before = ring.count
        ring.removeAll { owners[$0]?.held == 0 }
        for (uid, owner) in owners where owner.held == 0 { owners[uid] = nil }
        if ring.count != before { turn = ring.isEmpty ? 0 : turn % ring.count }
    }
}
