/// The gate's memory of accepted drafts and its incident counts: an SQLite file by default,
/// PostgreSQL for several gates. What is remembered and counted, and when, is decided in one
/// place (SupportGateCommit's `LedgerCommit`) for both databases; a ledger stores and locks.
public protocol IncidentLedger: AnyObject {
    /// The file or database, for messages.
    var location: String { get }

    /// Runs `body` in one transaction: committed when `body` returns, rolled back when it
    /// throws. What it reads through `LedgerTransaction` stays as read until it ends.
    func transaction<Value>(_ body: (any LedgerTransaction) throws(LedgerError) -> Value) throws(LedgerError) -> Value

    /// Incidents in use (consumed and not released) per entitlement of the partner.
    func inUse(partner: String) throws(LedgerError) -> [String: Int]

    /// Gives an incident back. Nil when no accepted draft consumed one under this decision
    /// id; one released before stays as it was (`releasedNow` false).
    func release(decisionId: String, reason: String, at instant: String) throws(LedgerError) -> (draft: AcceptedDraft, releasedNow: Bool)?

    /// The accepted drafts that consumed an incident, most recent first, of one partner and,
    /// when given, one entitlement.
    func recent(partner: String, entitlement: String?, limit: Int) throws(LedgerError) -> [AcceptedDraft]

    /// Every partner with an accepted draft, in order.
    func partners() throws(LedgerError) -> [String]

    /// Forgets accepted drafts decided before `instant` (RFC 3339, UTC), in chunks of
    /// transactions of their own. The counts stay as they are: an incident used is used
    /// until released, whether or not its row is still kept.
    func prune(decidedBefore instant: String) throws(LedgerError) -> Int
}

/// What the gate asks of the ledger inside one transaction.
public protocol LedgerTransaction {
    /// The ledger's file or database, for messages.
    var location: String { get }

    /// The accepted drafts under these ids. The ids are locked until the transaction ends,
    /// those not recorded too: another gate recording one of them waits for this one.
    func acceptedDrafts(_ keys: [DraftIdKey]) throws(LedgerError) -> [DraftIdKey: AcceptedDraft]

    /// Incidents in use per entitlement, each counter locked until the transaction ends.
    func lockCounts(_ keys: [EntitlementKey]) throws(LedgerError) -> [EntitlementKey: Int]

    /// Incidents in use per entitlement of the partner, as this transaction sees them.
    func inUse(partner: String) throws(LedgerError) -> [String: Int]

    /// Records accepted drafts whose ids `acceptedDrafts` found free in this transaction.
    func insert(_ drafts: [AcceptedDraft]) throws(LedgerError)

    /// Adds to the counters `lockCounts` locked (negative: gives incidents back).
    func addToCounts(_ added: [EntitlementKey: Int]) throws(LedgerError)

    /// Carries over accepted drafts the spool's result files hold: inserts those the ledger
    /// does not have (consuming nothing), and fills in the submitter and result of those it
    /// has without them (rows carried over from 0.19.0). Returns how many rows changed.
    func importAccepted(_ drafts: [AcceptedDraft]) throws(LedgerError) -> Int

    /// When this gate's spool was carried over (`importAccepted`), if it was.
    func spoolImported(gate: String) throws(LedgerError) -> String?

    func markSpoolImported(gate: String, at instant: String) throws(LedgerError)
}

extension IncidentLedger {
    /// Incidents of one entitlement in use.
    public func inUse(partner: String, entitlement: String) throws(LedgerError) -> Int {
        try inUse(partner: partner)[entitlement] ?? 0
    }
}
