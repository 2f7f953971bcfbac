/// One accepted draft as the ledger remembers it (contract §7): who dropped which bytes
/// under which id, the decision they got, and the incident it consumed, if any. Rejections
/// take no row: a flood of rejected drafts cannot grow the ledger.
public struct AcceptedDraft: Sendable, Hashable {
    public let partnerTenantId: String
    /// The draft id within its partner's namespace.
    public let draftId: String
    /// The uid that dropped it; nil only for a row carried over from 0.19.0 whose result
    /// file the gate has not found (an identical repeat from any of the partner's submitters
    /// then counts as its submitter's).
    public let submitterUID: UInt32?
    public let draftSha256: String
    public let decisionId: String
    /// RFC 3339, UTC.
    public let decidedAt: String
    /// The entitlement whose incident it consumed; nil when it consumed none.
    public let entitlementId: String?
    /// The gate that decided it (`host:spool-root/`), for a person reading the ledger.
    public let gate: String?
    /// The result as written, compact JSON without `submission` (rebuilt from the same bytes
    /// when the result is written again); empty when not known (carried over from 0.19.0).
    public let result: [UInt8]
    /// When and why its incident was given back (`ledger release`); nil while it counts.
    public var releasedAt: String?
    public var releaseReason: String?

    public init(partnerTenantId: String, draftId: String, submitterUID: UInt32?, draftSha256: String, decisionId: String,
                decidedAt: String, entitlementId: String?, gate: String?, result: [UInt8],
                releasedAt: String? = nil, releaseReason: String? = nil) {
        self.partnerTenantId = partnerTenantId
        self.draftId = draftId
        self.submitterUID = submitterUID
        self.draftSha256 = draftSha256
        self.decisionId = decisionId
        self.decidedAt = decidedAt
        self.entitlementId = entitlementId
        self.gate = gate
        self.result = result
        self.releasedAt = releasedAt
        self.releaseReason = releaseReason
    }

    public var key: DraftIdKey { DraftIdKey(partner: partnerTenantId, draftId: draftId) }

    /// The entitlement it counts against while not released.
    public var counted: EntitlementKey? {
        guard releasedAt == nil, let entitlementId else { return nil }
        return EntitlementKey(partner: partnerTenantId, entitlementId: entitlementId)
    }
}

/// A draft id within its partner's namespace.
public struct DraftIdKey: Sendable, Hashable, Comparable {
    public let partner: String
    public let draftId: String

    public init(partner: String, draftId: String) {
        self.partner = partner
        self.draftId = draftId
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.partner, lhs.draftId) < (rhs.partner, rhs.draftId)
    }
}

/// One entitlement of one partner: what incidents are counted against.
public struct EntitlementKey: Sendable, Hashable, Comparable {
    public let partner: String
    public let entitlementId: String

    public init(partner: String, entitlementId: String) {
        self.partner = partner
        self.entitlementId = entitlementId
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.partner, lhs.entitlementId) < (rhs.partner, rhs.entitlementId)
    }
}
