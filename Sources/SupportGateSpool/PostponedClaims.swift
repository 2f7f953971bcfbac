/// Claimed drafts a batch ran out of time for (`DraftOutcome.Disposition.postponed`), in
/// the order they were postponed: taken up again ahead of held drafts coming due, and
/// kept until a committed batch has them decided, deferred or gone, so a batch dropped
/// after a fault loses none of them.
struct PostponedClaims {
    private var order: [FileName] = []
    private var members: Set<FileName> = []

    var isEmpty: Bool { members.isEmpty }

    mutating func add(_ claim: FileName) {
        if members.insert(claim).inserted { order.append(claim) }
    }

    mutating func remove(_ claim: FileName) {
        guard members.remove(claim) != nil else { return }
        // The rare removal out of order (the claim was taken up again) leaves the name in
        // `order`; `take` skips names that are no longer members.
        if order.first == claim { order.removeFirst() }
        if order.count > 2 * members.count + 64 { order.removeAll { !members.contains($0) } }
    }

    /// Up to `limit` of them, oldest first, leaving out `busy`; each stays until `remove`.
    func take(limit: Int, excluding busy: Set<FileName>) -> [FileName] {
        guard limit > 0, !members.isEmpty else { return [] }
        var taken: [FileName] = []
        for claim in order where members.contains(claim) && !busy.contains(claim) {
            taken.append(claim)
            if taken.count == limit { break }
        }
        return taken
    }
}
