/// When to look again at each claimed draft still open for writing (held). The first wait
/// is the quiet period; each time the draft is found still held the wait doubles, up to
/// `maximumDelay`: a submitter who keeps 40,000 drafts open (a descriptor, or a shared
/// writable mapping and no descriptor) costs the gate 40,000 probes a minute, not a second.
/// The first wait at the cap is drawn anywhere up to it, and every one after it is the cap:
/// drafts held at the same moment (40,000 dropped at once) then spread evenly over the
/// minute, instead of coming due together every minute.
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
    /// The claim of each stamp in the heap, current or not.
    private var claims: [UInt64: FileName] = [:]
    private var nextStamp: UInt64 = 0

    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }

    func due(_ claim: FileName) -> Int64? {
        entries[claim]?.due
    }

    /// Found still held at `now`: due again after the quiet period the first time, then
    /// after twice the last wait, at most `maximumDelay`.
    mutating func hold(_ claim: FileName, now: Int64, quietMilliseconds: Int64) {
        let previous = entries[claim]?.delay
        let delay = previous.map { min(max($0 * 2, quietMilliseconds), Self.maximumDelay) } ?? quietMilliseconds
        let reachesCap = delay >= Self.maximumDelay && (previous ?? 0) < Self.maximumDelay
        schedule(claim, due: now + (reachesCap ? Int64.random(in: 1...delay) : delay), delay: delay)
    }

    /// Decided, refused or gone: no longer held.
    mutating func release(_ claim: FileName) {
        entries[claim] = nil
    }

    /// Up to `limit` held drafts due by `now`, leaving out `busy` (a batch being prepared
    /// with them). Each is due again after its current wait unless its probe is committed
    /// first (`hold` or `release`): a batch dropped after a fault loses none of them.
    func hasDue(at now: Int64) -> Bool {
        guard let top = heap.peek else { return false }
        return top.due <= now
    }

    mutating func takeDue(limit: Int, now: Int64, excluding busy: Set<FileName>) -> [FileName] {
        var taken: [FileName] = []
        var skipped: [MinHeap.Item] = []
        while taken.count < limit, let top = heap.peek, top.due <= now {
            heap.pop()
            guard let claim = claims[top.stamp], let entry = entries[claim], entry.stamp == top.stamp else {
                claims[top.stamp] = nil  // released or rescheduled
                continue
            }
            if busy.contains(claim) {
                skipped.append(top)
                continue
            }
            claims[top.stamp] = nil
            taken.append(claim)
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
        claims[nextStamp] = claim
        heap.push(MinHeap.Item(due: due, stamp: nextStamp))
        // Released and rescheduled entries leave stale heap items behind; rebuild when
        // they outnumber the live ones, so the heap stays within twice the held drafts.
        if heap.count > 2 * entries.count + 1_024 { rebuild() }
    }

    private mutating func rebuild() {
        heap = MinHeap()
        claims.removeAll(keepingCapacity: true)
        for (claim, entry) in entries {
            claims[entry.stamp] = claim
            heap.push(MinHeap.Item(due: entry.due, stamp: entry.stamp))
        }
    }
}
