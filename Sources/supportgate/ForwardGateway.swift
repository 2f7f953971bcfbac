import SupportGateFiling
import SupportGateForward

/// Where `supportgate forward` gets its HTTPS client. The real one is
/// `MicrosoftAPI.MicrosoftClient` (its own target); plug it in here, in this one place:
///
///     static let make: Forwarder.GatewayFactory = { context in
///         try MicrosoftClient(settings: context.settings, refreshTokens: context.refreshTokens, events: context.events)
///     }
///
/// Until then the forwarder starts, finds its work and writes `manual` records, and every
/// Azure filing waits as `unavailable` (nothing is lost).
enum ForwardGateway {
    static let make: Forwarder.GatewayFactory = { _ in NoClientGateway() }
}

/// Stands in until the client is plugged in: every request is `unavailable`.
struct NoClientGateway: MicrosoftGateway {
    private static let reason = MicrosoftFailure.unavailable(reason: "this build has no HTTPS client (ForwardGateway.make)")

    func fileAzureTicket(_ request: AzureTicketRequest, credentials: PartnerCredentials) async throws(MicrosoftFailure) -> AzureTicket {
        throw Self.reason
    }

    func findAzureTicket(_ request: AzureTicketRequest, credentials: PartnerCredentials) async throws(MicrosoftFailure) -> AzureTicket? {
        throw Self.reason
    }

    func serviceRequest(id: String, partnerTenantId: String, endpoints: MicrosoftEndpoints,
                        credentials: PartnerCredentials) async throws(MicrosoftFailure) -> ServiceRequestStatus {
        throw Self.reason
    }
}
