import SupportGateFiling

/// Sends a request with the tokens it needs and gives back any answer but a `401`: on a
/// `401` it drops the tokens it used, gets new ones and sends once more; a second `401` is
/// `.unauthorized`. Transport errors are `.unavailable`, their text scrubbed.
struct AuthorizedSender: Sendable {
    let transport: any HTTPTransport
    let tokens: TokenBroker
    let clock: any MicrosoftClock
    let events: @Sendable (MicrosoftEvent) -> Void
    let timeoutSeconds: Double

    /// Who the request speaks for: the bearer's token, and for a CSP partner acting in a
    /// customer's tenant, the partner's token as `x-ms-authorization-auxiliary`.
    struct Authorization: Sendable {
        let primary: TokenRequest
        let auxiliary: TokenRequest?
    }

    func send(method: String, url: String, body: [UInt8]? = nil, authorization: Authorization, what: String)
        async throws(MicrosoftFailure) -> HTTPResponse {
        var used: [Secret] = []
        let credentials = authorization.primary.credentials
        var first = true
        while true {
            let primary = try await tokens.token(authorization.primary)
            let auxiliary: Secret?
            if let request = authorization.auxiliary { auxiliary = try await tokens.token(request) } else { auxiliary = nil }
            used += [primary] + (auxiliary.map { [$0] } ?? [])
            if !first { events(.tokenRenewedAfterUnauthorized(tenantId: authorization.primary.key.tenantId)) }
            let safe = SafeText(secrets: used + [credentials.clientSecret, credentials.refreshToken])
            let classifier = FailureClassifier(safe: safe, clock: clock)

            var headers = [(name: "Authorization", value: "Bearer \(primary.reveal())"), (name: "Accept", value: "application/json")]
            if let auxiliary {
                headers.append((name: "x-ms-authorization-auxiliary", value: "Bearer \(auxiliary.reveal())"))
            }
            if body != nil { headers.append((name: "Content-Type", value: "application/json")) }
            let response: HTTPResponse
            do {
                response = try await transport.send(HTTPRequest(method: method, url: url, headers: headers, body: body, timeoutSeconds: timeoutSeconds))
            } catch {
                throw classifier.failure(for: error, what: what)
            }
            guard response.status == 401 else { return response }
            guard first else {
                // A fresh token refused too: the app lacks the role, or the partner's
                // relationship with the customer does not carry it. Not for a third try.
                throw classifier.failure(for: response, what: what)
            }
            first = false
            await tokens.drop(authorization.primary.key, token: primary)
            if let request = authorization.auxiliary, let auxiliary { await tokens.drop(request.key, token: auxiliary) }
        }
    }
}
