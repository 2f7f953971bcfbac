/// How many incidents of an entitlement are in use: what the incident ledger holds for it.
/// The core only reads the counts; the ledger that keeps them is outside it.
public protocol IncidentUsage: Sendable {
    func inUse(partner: TenantGUID, entitlementId: String) -> Int
    /// Whether the counts come from a ledger: a result says how many incidents are left only then.
    var isRecorded: Bool { get }
}

extension IncidentUsage {
    public var isRecorded: Bool { true }
}

/// No ledger: nothing recorded, so an entitlement has its whole allowance left.
public struct NoRecordedIncidents: IncidentUsage {
    public init() {}

    public func inUse(partner: TenantGUID, entitlementId: String) -> Int { 0 }
    public var isRecorded: Bool { false }
}

/// An acceptance that uses one incident of an entitlement, and how many are left after it
/// (nil: unlimited, or not counted because no ledger was read).
public struct IncidentUse: Sendable, Hashable {
    public let entitlementId: String
    public let leftAfter: Int?

    public init(entitlementId: String, leftAfter: Int?) {
        self.entitlementId = entitlementId
        self.leftAfter = leftAfter
    }

    /// The rule (docs/directory.md): an accepted **technical** request that an entitlement
    /// covers uses one of its incidents. That is an own-tenant request under the partner's
    /// mpn-contract, premier, unified, azure-support-plan or signature-cloud-support
    /// entitlement, a customer's Azure request covered by a Signature Cloud Support or MPN
    /// benefit, or a customer's request for which the partner claims one of its own
    /// entitlements. Free categories (billing, subscription management, fraud), quota
    /// requests, CSP-covered customer requests and partner-pays use none.
    static func of(_ decision: Decision, category: Category, allowance: (String) -> Int?, inUse: (String) -> Int?) -> IncidentUse? {
        guard decision.isAccepted, category == .technical, let billing = decision.billing, !billing.charged,
              let entitlementId = billing.entitlementId else { return nil }
        let left = allowance(entitlementId).flatMap { allowance in inUse(entitlementId).map { max(0, allowance - $0 - 1) } }
        return IncidentUse(entitlementId: entitlementId, leftAfter: left)
    }
}

/// Incidents in use per partner and entitlement, as the ledger counted them.
public struct RecordedIncidents: IncidentUsage {
    public let counts: [TenantGUID: [String: Int]]

    public init(_ counts: [TenantGUID: [String: Int]]) {
        self.counts = counts
    }

    public func inUse(partner: TenantGUID, entitlementId: String) -> Int {
        counts[partner]?[entitlementId] ?? 0
    }
}
