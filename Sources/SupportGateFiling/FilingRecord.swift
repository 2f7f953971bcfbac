import StrictJSON

/// The forwarder's memory of one accepted draft: `filed/<partnerTenantId>/<draftId>.json`
/// (contract §8). The contract's fields first; then what the forwarder and the submitter
/// need besides (who, which cloud, when last checked, the text for a manual filing).
public struct FilingRecord: Sendable, Hashable {
    public var draftId: String
    public var decisionId: String
    public var target: FilingTarget
    public var state: FilingState
    /// The Azure ticket's name (a UUID, contract §2); nil for Partner Center.
    public var ticketName: String?
    /// Microsoft's number: `supportTicketId`, or the linked service request's id.
    public var ticketId: String?
    /// When Microsoft confirmed the ticket (RFC 3339 UTC).
    public var filedAt: String?
    /// Requests that changed something or may have: each send, each unseen outcome.
    public var attempts: Int
    public var lastError: FilingError?
    /// Microsoft's status of the ticket, followed until it is closed.
    public var status: String?

    public var partnerTenantId: String
    public var customerTenantId: String?
    /// The partner's cloud, from the submission: which endpoints file it.
    public var cloud: String
    /// The result's `decidedAt`: filing order, and the `forward.since` cut.
    public var decidedAt: String
    /// When the status was last asked (RFC 3339 UTC).
    public var statusCheckedAt: String?
    /// For `manual`: what to file and where.
    public var manual: ManualFiling?

    public init(draftId: String, decisionId: String, target: FilingTarget, state: FilingState, ticketName: String? = nil,
                ticketId: String? = nil, filedAt: String? = nil, attempts: Int = 0, lastError: FilingError? = nil, status: String? = nil,
                partnerTenantId: String, customerTenantId: String?, cloud: String, decidedAt: String,
                statusCheckedAt: String? = nil, manual: ManualFiling? = nil) {
        self.draftId = draftId
        self.decisionId = decisionId
        self.target = target
        self.state = state
        self.ticketName = ticketName
        self.ticketId = ticketId
        self.filedAt = filedAt
        self.attempts = attempts
        self.lastError = lastError
        self.status = status
        self.partnerTenantId = partnerTenantId
        self.customerTenantId = customerTenantId
        self.cloud = cloud
        self.decidedAt = decidedAt
        self.statusCheckedAt = statusCheckedAt
        self.manual = manual
    }

    /// Whether the forwarder still has something to do: send, find out, or follow a status.
    public var isOpen: Bool {
        switch state {
        case .pending: true
        case .rejectedByMicrosoft: false
        case .filed, .manual: !(status.map { $0.lowercased() == "closed" } ?? false)
        }
    }
}

/// Why the last attempt did not file: Microsoft's `code` and `message`, or the transport's.
public struct FilingError: Sendable, Hashable {
    public var code: String
    public var message: String
    /// The HTTP status, when Microsoft answered.
    public var httpStatus: Int?
    public var at: String

    public init(code: String, message: String, httpStatus: Int?, at: String) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.at = at
    }
}

/// A Partner Center request a person files by hand: the page to file it from, and the text.
public struct ManualFiling: Sendable, Hashable {
    public var page: String
    /// The service request as the submission gives it (Title, Description, Severity, ...).
    public var serviceRequest: JSONValue

    public init(page: String, serviceRequest: JSONValue) {
        self.page = page
        self.serviceRequest = serviceRequest
    }
}
