/// When to look again at each claimed draft still open for writing (held). The first wait
/// is the quiet period; each time the draft is found still held the wait doubles, up to
/// `maximumDelay`: a submitter who keeps 40,000 drafts open (a descriptor, or a shared
/// writable mapping and no descriptor) costs the gate 40,000 probes a minute, not a second.
/// Due drafts come out of a min-heap by due time, so handing out the few due ones does not
/// walk every held draft.
struct DeferralSchedule {
    static let maximumDelay: Int64 = 60_000

    private struct Entry {
        var due: Int64
        var delay: Int64
        /// Matches the heap's entry that is current; older heap entries are skipped.
        var stamp: UInt64
    }

    private var entries: [FileName: Entry] = [:]
    private var heap = MinHeap()
    private var nextStamp: UInt64 = 0

    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }

    func due(_ claim: FileName) -> Int64? {
        entries[claim]?.due
    }

    /// Found still held at `now`: due again after the quiet period the first time, then
    /// after twice the last wait, at most `maximumDelay`.
    mutating func hold(_ claim: FileName, now: Int64, quietMilliseconds: Int64) {
        let delay = entries[claim].map { min(max($0.delay * 2, quietMilliseconds), Self.maximumDelay) } ?? quietMilliseconds
        schedule(claim, due: now + delay, delay: delay)
    }

    /// Decided, refused or gone: no longer held.
    mutating func release(_ claim: FileName) {
        entries[claim] = nil
    }

    /// Up to `limit` held drafts due by `now`, leaving out `busy` (a batch being prepared
    /// with them). Each is due again after its current wait unless its probe is committed
    /// first (`hold` or `release`): a batch dropped after a fault loses none of them.
    mutating func takeDue(limit: Int, now: Int64, excluding busy: Set<FileName>) -> [FileName] {
        var taken: [FileName] = []
        var skipped: [MinHeap.Item] = []
        while taken.count < limit, let top = heap.peek, top.due <= now {
            heap.pop()
            guard let entry = entries[top.claim], entry.stamp == top.stamp else { continue }  // released or rescheduled
            if busy.contains(top.claim) {
                skipped.append(top)
                continue
            }
            taken.append(top.claim)
        }
        for item in skipped { heap.push(item) }
        // Rescheduled once the walk is done: with no wait (a quiet period of 0) a draft
        // would otherwise come straight back out of the heap within the same walk.
        for claim in taken {
            if let entry = entries[claim] { schedule(claim, due: now + entry.delay, delay: entry.delay) }
        }
        return taken
    }

    private mutating func schedule(_ claim: FileName, due: Int64, delay: Int64) {
        nextStamp &+= 1
        entries[claim] = Entry(due: due, delay: delay, stamp: nextStamp)
        heap.push(MinHeap.Item(due: due, stamp: nextStamp, claim: claim))
        // Released and rescheduled entries leave stale heap items behind; rebuild when
        // they outnumber the live ones, so the heap stays within twice the held drafts.
        if heap.count > 2 * entries.count + 1_024 { rebuild() }
    }

    private mutating func rebuild() {
        heap = MinHeap()
        for (claim, entry) in entries { heap.push(MinHeap.Item(due: entry.due, stamp: entry.stamp, claim: claim)) }
    }
}

/// A binary min-heap of due times.
struct MinHeap {
    struct Item {
        let due: Int64
        let stamp: UInt64
        let claim: FileName
    }

    private var items: [Item] = []

    var count: Int { items.count }
    var peek: Item? { items.first }

    mutating func push(_ item: Item) {
        items.append(item)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].due < items[parent].due else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() {
        guard !items.isEmpty else { return }
        items.swapAt(0, items.count - 1)
        items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < items.count, items[left].due < items[smallest].due { smallest = left }
            if right < items.count, items[right].due < items[smallest].due { smallest = right }
            guard smallest != parent else { return }
            items.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
