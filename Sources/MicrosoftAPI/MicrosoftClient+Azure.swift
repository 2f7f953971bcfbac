import StrictJSON
import SupportGateFiling

extension MicrosoftClient {
    public func fileAzureTicket(_ request: AzureTicketRequest, credentials: PartnerCredentials) async throws(MicrosoftFailure) -> AzureTicket {
        let url = try ticketURL(request, credentials)
        let classifier = classifier(credentials)
        let put = try await sender.send(method: "PUT", url: url, body: request.body, authorization: authorization(request, credentials),
                                        what: "Azure create")
        switch put.status {
        case 202:
            try await AsyncOperationFollower(client: self, request: request, credentials: credentials).follow(put)
        case 200...299:
            break
        default:
            throw classifier.failure(for: put, what: "Azure create")
        }
        guard let ticket = try await findAzureTicket(request, credentials: credentials) else {
            // Created, said Microsoft, yet not there: not a refusal, and not a ticket number.
            throw .unavailable(reason: "Azure: the ticket was created but reading it back found none yet")
        }
        return ticket
    }

    public func findAzureTicket(_ request: AzureTicketRequest, credentials: PartnerCredentials) async throws(MicrosoftFailure) -> AzureTicket? {
        let url = try ticketURL(request, credentials)
        let response = try await sender.send(method: "GET", url: url, authorization: authorization(request, credentials), what: "Azure read")
        if response.status == 404 { return nil }
        let classifier = classifier(credentials)
        guard (200...299).contains(response.status) else { throw classifier.failure(for: response, what: "Azure read") }
        guard let object = MicrosoftErrorBody.object(response.body) else {
            throw .unavailable(reason: "Azure read: the ticket's answer is not a JSON object")
        }
        let properties = object["properties"]?.objectValue
        return AzureTicket(name: classifier.safe.clean(object["name"]?.stringValue ?? request.ticketName, limit: 200),
                           supportTicketId: properties?["supportTicketId"]?.stringValue.map { classifier.safe.clean($0, limit: 100) },
                           status: properties?["status"]?.stringValue.map { classifier.safe.clean($0, limit: 100) })
    }

    /// The bearer is the customer's tenant for a customer request, with the partner's token
    /// as the auxiliary (the CSP partner acting in its customer's tenant); else the partner's.
    func authorization(_ request: AzureTicketRequest, _ credentials: PartnerCredentials) -> AuthorizedSender.Authorization {
        let partner = TokenRequest.azure(tenantId: request.partnerTenantId, endpoints: request.endpoints, credentials: credentials)
        guard let customer = request.customerTenantId, customer.lowercased() != request.partnerTenantId.lowercased() else {
            return AuthorizedSender.Authorization(primary: partner, auxiliary: nil)
        }
        return AuthorizedSender.Authorization(
            primary: .azure(tenantId: customer, endpoints: request.endpoints, credentials: credentials), auxiliary: partner)
    }

    func classifier(_ credentials: PartnerCredentials) -> FailureClassifier {
        FailureClassifier(safe: SafeText(secrets: [credentials.clientSecret, credentials.refreshToken]), clock: clock)
    }

    /// `{azure}{path}`. The path must start with `/`: anything else (`@host/…`) would send
    /// the tokens to another host.
    private func ticketURL(_ request: AzureTicketRequest, _ credentials: PartnerCredentials) throws(MicrosoftFailure) -> String {
        try MicrosoftClient.requireOwnCredentials(partnerTenantId: request.partnerTenantId, credentials)
        guard request.path.hasPrefix("/"), !request.path.hasPrefix("//"), !request.path.contains("@") else {
            throw .rejected(httpStatus: 400, code: "InvalidSubmissionPath", message: "the submission's path does not start with a single '/'")
        }
        return URLText.joining(request.endpoints.azure, request.path)
    }
}
