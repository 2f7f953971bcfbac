/// One incident used: an accepted draft whose request counts against an entitlement's
/// allowance (see docs/directory.md once the gate consumes through the ledger).
public struct Consumption: Sendable, Hashable {
    public let partnerTenantId: String
    public let entitlementId: String
    public let decisionId: String
    /// The draft id within its partner's namespace.
    public let draftId: String
    public let draftSha256: String
    /// RFC 3339, UTC.
    public let consumedAt: String
    /// The draft's claim name in processing/ when it was decided: tells a consumption whose
    /// result a crash never wrote from one of an earlier drop of the same draft.
    public var claim: String?
    /// When and why it was given back (`ledger release`); nil while it counts.
    public var releasedAt: String?
    public var releaseReason: String?

    public init(partnerTenantId: String, entitlementId: String, decisionId: String, draftId: String, draftSha256: String,
                consumedAt: String, claim: String? = nil, releasedAt: String? = nil, releaseReason: String? = nil) {
        self.claim = claim
        self.partnerTenantId = partnerTenantId
        self.entitlementId = entitlementId
        self.decisionId = decisionId
        self.draftId = draftId
        self.draftSha256 = draftSha256
        self.consumedAt = consumedAt
        self.releasedAt = releasedAt
        self.releaseReason = releaseReason
    }
}

/// What asking for an incident gave.
public enum ConsumeOutcome: Sendable, Equatable {
    /// Recorded; `left` incidents remain after this one (nil: unlimited).
    case consumed(left: Int?)
    /// The same draft (partner, id and bytes) consumed before, after a crash or a repeat:
    /// nothing recorded twice.
    case alreadyConsumed(left: Int?)
    /// The allowance is used up: nothing recorded.
    case exhausted
    /// The partner's draft id already consumed an incident for other bytes: nothing recorded.
    case idUsedForOtherBytes
}

/// A ledger that could not be opened, read or written, with the database it concerns.
public struct LedgerError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let path: String
    /// The database is out of space (SQLITE_FULL): worth backing off, as a full spool is.
    public var isResourceExhausted = false
    /// Another writer held the lock past the busy timeout.
    public var isBusy = false
    /// The database server is down, restarting or unreachable.
    public var isUnavailable = false
    /// The server did not answer within the gate's deadline (`LedgerDeadlines`); also unavailable.
    public var isTimedOut = false
    /// The ledger's file (or its write-ahead log) was deleted or replaced while the gate
    /// had it open: what the gate would write now would be lost.
    public var isReplaced = false

    public init(_ message: String, path: String, replaced: Bool = false) {
        self.message = message
        self.path = path
        isReplaced = replaced
    }

    public var description: String { "\(path): \(message)" }
}
