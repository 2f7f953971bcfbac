/// Where a gate keeps its incident counts: an SQLite file by default, PostgreSQL for several
/// gates. The gate reads and writes it only through a transaction while it commits a batch,
/// so whatever the transaction counts cannot change before it commits.
public protocol IncidentLedger: AnyObject {
    /// The file or database, for messages.
    var location: String { get }

    /// Whether its transactions keep draft ids for several gates (`SharedDecisionTransaction`).
    var sharesDecisions: Bool { get }

    /// Runs `body` in one transaction that holds the ledger's write lock: committed when
    /// `body` returns, rolled back when it throws.
    func transaction<Value>(_ body: (any LedgerTransaction) throws(LedgerError) -> Value) throws(LedgerError) -> Value

    /// Incidents in use (consumed and not released) per entitlement of the partner.
    func inUse(partner: String) throws(LedgerError) -> [String: Int]

    /// Gives an incident back. Nil when no consumption has this decision id; one released
    /// before stays as it was (`releasedNow` false).
    func release(decisionId: String, reason: String, at instant: String) throws(LedgerError) -> (consumption: Consumption, releasedNow: Bool)?

    /// The most recent consumptions first, of one partner and, when given, one entitlement.
    func recent(partner: String, entitlement: String?, limit: Int) throws(LedgerError) -> [Consumption]

    /// Every partner with a consumption, in order.
    func partners() throws(LedgerError) -> [String]
}

extension IncidentLedger {
    /// Whether its transactions keep draft ids for several gates (`SharedDecisionTransaction`).
    public var sharesDecisions: Bool { false }

    public func inUse(partner: String, entitlement: String) throws(LedgerError) -> Int {
        try inUse(partner: partner)[entitlement] ?? 0
    }
}

/// What a gate asks of the ledger inside one transaction.
public protocol LedgerTransaction {
    /// The ledger's file or database, for messages.
    var location: String { get }

    /// Uses one incident of the entitlement for this draft, unless `allowance` incidents
    /// are in use already (nil: unlimited, nothing counted), or this draft (partner, id, bytes) used one before: then the
    /// consumption it has points at this decision from now on, and nothing is counted twice.
    func consume(_ consumption: Consumption, allowance: Int?) throws(LedgerError) -> ConsumeOutcome

    /// `consume` for each request in order, as one call where the ledger can.
    func consumeAll(_ requests: [ConsumeRequest]) throws(LedgerError) -> [ConsumeOutcome]

    /// Incidents in use per entitlement of the partner, as this transaction sees them.
    func inUse(partner: String) throws(LedgerError) -> [String: Int]

    /// Removes what the draft under this claim consumed when its result never reached the
    /// spool (a crash or a fault between the ledger's commit and the result's rename) and
    /// its new decision uses no incident. Returns how many consumptions were removed.
    @discardableResult
    func forget(claim: String) throws(LedgerError) -> Int
}

extension LedgerTransaction {
    public func consumeAll(_ requests: [ConsumeRequest]) throws(LedgerError) -> [ConsumeOutcome] {
        var outcomes: [ConsumeOutcome] = []
        for request in requests {
            outcomes.append(try consume(request.consumption, allowance: request.allowance))
        }
        return outcomes
    }
}

/// One incident asked for: the consumption to record, and the entitlement's allowance (nil: unlimited).
public struct ConsumeRequest: Sendable, Hashable {
    public let consumption: Consumption
    public let allowance: Int?

    public init(_ consumption: Consumption, allowance: Int?) {
        self.consumption = consumption
        self.allowance = allowance
    }
}
