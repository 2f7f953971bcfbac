import SupportGateLedger

/// One transaction's view of the ledger while a batch is settled: the accepted drafts under
/// the batch's ids, the counters of the entitlements it consumes, and what it adds to both.
/// Drafts of one batch are settled in order against it, so a second drop of an id in the
/// same batch sees the first one's acceptance, and a count sees every incident consumed
/// before it. This is where an incident is consumed (`consume`), for either database.
struct AcceptanceBook {
    let transaction: any LedgerTransaction
    private(set) var accepted: [DraftIdKey: AcceptedDraft] = [:]
    private var counts: [EntitlementKey: Int] = [:]
    private(set) var added: [EntitlementKey: Int] = [:]
    private(set) var recorded: [AcceptedDraft] = []

    init(transaction: any LedgerTransaction) {
        self.transaction = transaction
    }

    /// Reads (and locks) the accepted drafts under `keys` and the counters of `entitlements`.
    mutating func open(keys: [DraftIdKey], entitlements: [EntitlementKey]) throws(LedgerError) {
        accepted = try transaction.acceptedDrafts(keys)
        counts = try transaction.lockCounts(entitlements)
    }

    /// Incidents of the entitlement in use, with those this batch consumed.
    mutating func inUse(_ key: EntitlementKey) throws(LedgerError) -> Int {
        if let count = counts[key] { return count }
        let locked = try transaction.lockCounts([key])[key] ?? 0
        counts[key] = locked
        return locked
    }

    /// Incidents in use per entitlement of the partner, as this batch stands: for deciding
    /// a draft again when its entitlement is used up.
    func inUse(partner: String) throws(LedgerError) -> [String: Int] {
        var current = try transaction.inUse(partner: partner)
        for (key, count) in added where key.partner == partner { current[key.entitlementId, default: 0] += count }
        return current
    }

    /// Records an acceptance; when it consumes an incident (`draft.entitlementId`), counts it.
    mutating func record(_ draft: AcceptedDraft) throws(LedgerError) {
        if let key = draft.counted { try consume(key) }
        accepted[draft.key] = draft
        recorded.append(draft)
    }

    private mutating func consume(_ key: EntitlementKey) throws(LedgerError) {
        counts[key] = try inUse(key) + 1
        added[key, default: 0] += 1
    }

    /// Writes what this batch recorded and counted, in the transaction.
    func flush() throws(LedgerError) {
        try transaction.insert(recorded)
        try transaction.addToCounts(added)
    }
}
