import StrictJSON
import SupportGateFiling

/// The forwarder's way to Microsoft (contract §8): tokens for two tenants, the Azure Support
/// API's create with its async operation, the ticket read back by name, and Partner Center's
/// service requests. Every failure comes out as a `MicrosoftFailure` whose texts hold no secret.
public struct MicrosoftClient: MicrosoftGateway {
    let transport: any HTTPTransport
    let tokens: TokenBroker
    let clock: any MicrosoftClock
    let events: @Sendable (MicrosoftEvent) -> Void
    let settings: MicrosoftClientSettings

    public init(transport: any HTTPTransport, refreshTokens: any RefreshTokenStore, clock: any MicrosoftClock = SystemMicrosoftClock(),
                settings: MicrosoftClientSettings = MicrosoftClientSettings(), events: @escaping @Sendable (MicrosoftEvent) -> Void) {
        self.transport = transport
        self.clock = clock
        self.events = events
        self.settings = settings
        tokens = TokenBroker(transport: transport, store: refreshTokens, clock: clock, events: events, timeoutSeconds: settings.tokenTimeoutSeconds)
    }

    /// How many token requests were made (coalesced and cached ones not counted): for tests.
    public var tokenRequestsMade: Int {
        get async { await tokens.requestsMade }
    }

    var sender: AuthorizedSender {
        AuthorizedSender(transport: transport, tokens: tokens, clock: clock, events: events, timeoutSeconds: settings.requestTimeoutSeconds)
    }

    // MARK: Partner Center

    public func serviceRequest(id: String, partnerTenantId: String, endpoints: MicrosoftEndpoints,
                               credentials: PartnerCredentials) async throws(MicrosoftFailure) -> ServiceRequestStatus {
        // The id becomes a path segment: digits and letters only, so it cannot point elsewhere.
        guard ServiceRequestStatus.isValidID(id) else {
            throw .rejected(httpStatus: 400, code: "InvalidServiceRequestId",
                            message: "a service request id is letters, digits and '-' (at most 64)")
        }
        try Self.requireOwnCredentials(partnerTenantId: partnerTenantId, credentials)
        let authorization = AuthorizedSender.Authorization(primary: .partnerCenter(endpoints: endpoints, credentials: credentials), auxiliary: nil)
        let response = try await sender.send(method: "GET", url: URLText.joining(endpoints.partnerCenter, "/v1/servicerequests/\(id)"),
                                             authorization: authorization, what: "Partner Center")
        let classifier = FailureClassifier(safe: SafeText(secrets: [credentials.clientSecret, credentials.refreshToken]), clock: clock)
        guard (200...299).contains(response.status) else { throw classifier.failure(for: response, what: "Partner Center") }
        guard let object = MicrosoftErrorBody.object(response.body),
              let answeredId = MicrosoftErrorBody.text(Self.member(object, "id")),
              let status = Self.serviceRequestStatus(Self.member(object, "status")) else {
            throw .unavailable(reason: "Partner Center: a service request without Id or Status")
        }
        return ServiceRequestStatus(id: classifier.safe.clean(answeredId, limit: 100), status: classifier.safe.clean(status, limit: 100))
    }

    /// One partner's app never files or reads for another: the credentials must be the
    /// partner's whose request it is.
    static func requireOwnCredentials(partnerTenantId: String, _ credentials: PartnerCredentials) throws(MicrosoftFailure) {
        guard partnerTenantId.lowercased() == credentials.partnerTenantId.lowercased() else {
            throw .unauthorized(code: "credentials_mismatch", message: "the credentials are not the partner tenant's of this request")
        }
    }

    /// Partner Center writes `Id` in some answers and `id` in others.
    static func member(_ object: JSONObject, _ key: String) -> JSONValue? {
        object.members.first { $0.key.lowercased() == key }?.value
    }

    /// `Status` as text, or as the number some answers carry (the SDK's ServiceRequestStatus:
    /// 0 none, 1 open, 2 closed, 3 attention_needed).
    static func serviceRequestStatus(_ value: JSONValue?) -> String? {
        if let text = value?.stringValue { return text }
        guard let number = value?.numberValue?.int64Value else { return nil }
        return ["none", "open", "closed", "attention_needed"].indices.contains(Int(number))
            ? ["none", "open", "closed", "attention_needed"][Int(number)] : String(number)
    }
}
