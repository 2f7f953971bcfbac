/// A draft id taken by a gate that shares its ledger with others (PostgreSQL): the first
/// gate to commit a decision for (partner, draft id) decides it, and every other gate that
/// gets the same draft writes that decision as its result instead of deciding again.
public struct DraftReservation: Sendable, Hashable {
    public let partnerTenantId: String
    public let draftId: String
    public let draftSha256: String
    public let submitterUID: UInt32?
    /// The gate (`host:spool-root/`) and the claim in its processing/ folder.
    public let gate: String
    public let claim: String

    public init(partnerTenantId: String, draftId: String, draftSha256: String, submitterUID: UInt32?, gate: String, claim: String) {
        self.partnerTenantId = partnerTenantId
        self.draftId = draftId
        self.draftSha256 = draftSha256
        self.submitterUID = submitterUID
        self.gate = gate
        self.claim = claim
    }
}

/// A decision as the ledger keeps it for other gates: the result, as compact JSON, that the
/// gate which decided wrote (indented) as its result file.
public struct SharedDecision: Sendable, Hashable {
    public let reservation: DraftReservation
    public let decisionId: String
    public let accepted: Bool
    /// The result, compact JSON in UTF-8.
    public let result: [UInt8]

    public init(reservation: DraftReservation, decisionId: String, accepted: Bool, result: [UInt8]) {
        self.reservation = reservation
        self.decisionId = decisionId
        self.accepted = accepted
        self.result = result
    }
}

/// A ledger transaction that also keeps draft ids for several gates.
public protocol SharedDecisionTransaction: LedgerTransaction {
    /// Takes each (partner, draft id) that no gate has decided, with the decision as it
    /// stands, until the transaction ends (a gate reserving the same one waits for it), and
    /// returns, by position in `decisions`, what was decided before under those already
    /// taken: by another gate, or by this one before its result was pruned or lost in a crash.
    func reserve(_ decisions: [SharedDecision]) throws(LedgerError) -> [Int: SharedDecision]

    /// Replaces the decisions of ids this transaction holds: reserved with a decision that
    /// changed since, or taken over from an earlier decision whose result was damaged.
    func record(_ decisions: [SharedDecision]) throws(LedgerError)

    /// Gives back ids this transaction reserved whose decision ended not using them up (the
    /// ledger found the id used for other bytes): the rows it inserted under these claims.
    func unreserve(_ reservations: [DraftReservation]) throws(LedgerError)
}
