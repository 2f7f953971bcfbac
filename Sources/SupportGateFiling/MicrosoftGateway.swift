/// What the forwarder asks of Microsoft (contract §8), behind a protocol so the filing engine
/// is tested without a network. `MicrosoftAPI.MicrosoftClient` is the real one: HTTPS, tokens
/// cached per tenant, one new token after a 401.
public protocol MicrosoftGateway: Sendable {
    /// `PUT {azure}{path}` with the body; a `202` followed through `Azure-AsyncOperation`
    /// (honouring `Retry-After`) to its end; then `GET` of the ticket for its `supportTicketId`.
    func fileAzureTicket(_ request: AzureTicketRequest, credentials: PartnerCredentials) async throws(MicrosoftFailure) -> AzureTicket

    /// `GET` of the ticket by its name: what Microsoft holds, or nil after a `404`. Asked before
    /// any second send, and to follow a filed ticket's status.
    func findAzureTicket(_ request: AzureTicketRequest, credentials: PartnerCredentials) async throws(MicrosoftFailure) -> AzureTicket?

    /// `GET {partnerCenter}/v1/servicerequests/{id}` with an App+User token (refresh-token
    /// grant; a rotated refresh token is stored before the new access token is used).
    func serviceRequest(id: String, partnerTenantId: String, endpoints: MicrosoftEndpoints,
                        credentials: PartnerCredentials) async throws(MicrosoftFailure) -> ServiceRequestStatus
}

/// One Azure ticket as the gate's accepted result describes it.
public struct AzureTicketRequest: Sendable, Hashable {
    public let partnerTenantId: String
    /// The customer's tenant for a customer request (its token is the bearer, the partner's the
    /// auxiliary); nil for an own-tenant request (the partner's token alone).
    public let customerTenantId: String?
    public let endpoints: MicrosoftEndpoints
    /// `submission.path`, e.g. `/subscriptions/{sub}/providers/Microsoft.Support/supportTickets/{name}?api-version=2024-04-01`.
    public let path: String
    /// `submission.body`, as JSON text.
    public let body: [UInt8]
    /// The `{name}` in the path (contract §2: a UUID from partner and draft id).
    public let ticketName: String

    public init(partnerTenantId: String, customerTenantId: String?, endpoints: MicrosoftEndpoints, path: String, body: [UInt8], ticketName: String) {
        self.partnerTenantId = partnerTenantId
        self.customerTenantId = customerTenantId
        self.endpoints = endpoints
        self.path = path
        self.body = body
        self.ticketName = ticketName
    }
}

/// A ticket as Microsoft answers it.
public struct AzureTicket: Sendable, Hashable {
    public let name: String
    /// `properties.supportTicketId`: the number a person quotes. Absent while Microsoft is
    /// still creating it.
    public let supportTicketId: String?
    /// `properties.status`, e.g. `Open`, `Closed`.
    public let status: String?

    public init(name: String, supportTicketId: String?, status: String?) {
        self.name = name
        self.supportTicketId = supportTicketId
        self.status = status
    }

    public var isClosed: Bool { status?.lowercased() == "closed" }
}

/// A Partner Center service request as Microsoft answers it.
public struct ServiceRequestStatus: Sendable, Hashable {
    public let id: String
    /// `Status`, e.g. `open`, `closed`, `attention_needed`.
    public let status: String

    public init(id: String, status: String) {
        self.id = id
        self.status = status
    }

    public var isClosed: Bool { status.lowercased() == "closed" }

    /// Partner Center's service request ids are digits (e.g. 616122292874576); letters, digits
    /// and `-` are taken, at most 64, so no id can carry a path segment or a file name's tricks.
    /// Checked where a person gives one (`filed link`) and again where it goes into a URL.
    public static func isValidID(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64 && text.utf8.allSatisfy {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || $0 == UInt8(ascii: "-")
        }
    }
}

/// Why a request to Microsoft did not give an answer the forwarder can keep. The texts here
/// come from Microsoft's error bodies or describe the transport; they never carry a secret.
public enum MicrosoftFailure: Error, Sendable, Hashable {
    /// `429`, or `503`: ask again after `retryAfterSeconds` (nil: Microsoft named no time).
    case throttled(httpStatus: Int, retryAfterSeconds: Int?)
    /// Another `5xx`, a timeout, a reset or a refused connection: for a request that changes
    /// something, its outcome is unknown.
    case unavailable(reason: String)
    /// No token: the token endpoint refused the credentials or the refresh token, or a `401`
    /// came back after one new token. Not final: a partner can fix its credentials.
    case unauthorized(code: String, message: String)
    /// Refused for good: any other `4xx`, or an operation that ended `Failed` or `Canceled`.
    case rejected(httpStatus: Int, code: String, message: String)
}

/// What the client tells the forwarder's metrics and journal about tokens and retries.
public enum MicrosoftEvent: Sendable, Hashable {
    case tokenIssued(tenantId: String, scope: String)
    case tokenRefused(tenantId: String, scope: String, code: String)
    /// A `401` answered with one new token and the request made again.
    case tokenRenewedAfterUnauthorized(tenantId: String)
    /// A refresh token came back rotated and was stored before use.
    case refreshTokenRotated(partnerTenantId: String)
}

/// Where rotated Partner Center refresh tokens live (the forwarder's state directory, 0700).
/// A token Microsoft rotates is stored, durably, before the access token that came with it is
/// used: after a crash the forwarder holds the newest one.
public protocol RefreshTokenStore: Sendable {
    /// The newest refresh token stored for the partner, or nil (then the credentials file's).
    func current(partnerTenantId: String) throws -> Secret?
    /// Stores a rotated token; returns only once it is on disk.
    func store(_ token: Secret, partnerTenantId: String) throws
}
