import StrictJSON
import SupportGateFiling

/// One request to the token endpoint and what its answer means. Runs off the broker's actor,
/// so storing a rotated refresh token (an fsync) does not hold up cached tokens.
struct TokenFetcher: Sendable {
    let transport: any HTTPTransport
    let store: any RefreshTokenStore
    let clock: any MicrosoftClock
    let events: @Sendable (MicrosoftEvent) -> Void
    let timeoutSeconds: Double

    func fetch(_ request: TokenRequest) async -> Result<AccessToken, MicrosoftFailure> {
        do throws(MicrosoftFailure) {
            return .success(try await fetchOrThrow(request))
        } catch {
            return .failure(error)
        }
    }

    private func fetchOrThrow(_ request: TokenRequest) async throws(MicrosoftFailure) -> AccessToken {
        let key = request.key
        guard TenantID.isGUID(key.tenantId) else {
            throw .unauthorized(code: "invalid_tenant", message: "the tenant id is not a GUID")
        }
        var refreshToken: Secret?
        if request.grant == .refreshToken {
            refreshToken = try currentRefreshToken(request.credentials)
        }
        let safe = SafeText(secrets: [request.credentials.clientSecret, request.credentials.refreshToken, refreshToken])
        let classifier = FailureClassifier(safe: safe, clock: clock)
        let started = clock.monotonicSeconds()
        let response: HTTPResponse
        do {
            response = try await transport.send(HTTPRequest(
                method: "POST", url: request.url,
                headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
                body: request.form(refreshToken: refreshToken), timeoutSeconds: timeoutSeconds))
        } catch {
            throw classifier.failure(for: error, what: "token endpoint")
        }
        switch response.status {
        case 200:
            break
        case 400...499 where response.status != 408 && response.status != 429:
            break
        default:
            throw classifier.failure(for: response, what: "token endpoint")
        }
        guard response.status == 200 else {
            // invalid_client, invalid_grant, unauthorized_client, …: the partner must fix something.
            let error = classifier.errorBody(response)
            events(.tokenRefused(tenantId: key.tenantId, scope: key.scope, code: error.code))
            throw .unauthorized(code: error.code, message: error.message)
        }
        guard let object = MicrosoftErrorBody.object(response.body),
              let accessToken = object["access_token"]?.stringValue, !accessToken.isEmpty else {
            throw .unavailable(reason: "token endpoint: an answer without access_token")
        }
        if request.grant == .refreshToken, let rotated = object["refresh_token"]?.stringValue, !rotated.isEmpty,
           rotated != refreshToken?.reveal() {
            // Stored before the access token is used: after a crash the forwarder holds the
            // newest refresh token, whichever one Microsoft still honours.
            do {
                try store.store(Secret(rotated), partnerTenantId: request.credentials.partnerTenantId)
            } catch {
                let detail = SafeText(secrets: [Secret(rotated), refreshToken, request.credentials.clientSecret]).clean("\(error)", limit: 300)
                throw .unavailable(reason: "could not store the rotated refresh token: \(detail)")
            }
            events(.refreshTokenRotated(partnerTenantId: request.credentials.partnerTenantId))
        }
        events(.tokenIssued(tenantId: key.tenantId, scope: key.scope))
        return AccessToken(value: Secret(accessToken), renewAt: started + Self.usableSeconds(expiresIn: object["expires_in"]))
    }

    /// The newest refresh token: the stored rotation, else the credentials file's.
    private func currentRefreshToken(_ credentials: PartnerCredentials) throws(MicrosoftFailure) -> Secret {
        let stored: Secret?
        do {
            stored = try store.current(partnerTenantId: credentials.partnerTenantId)
        } catch {
            let detail = SafeText(secrets: [credentials.clientSecret, credentials.refreshToken]).clean("\(error)", limit: 300)
            throw .unavailable(reason: "could not read the stored refresh token: \(detail)")
        }
        guard let token = stored ?? credentials.refreshToken, !token.isEmpty else {
            throw .unauthorized(code: "no_refresh_token", message: "the credentials file has no refreshToken for Partner Center")
        }
        return token
    }

    /// How long to use a token: `expires_in` (a number, or a numeric string as older
    /// endpoints send) less a margin of a tenth of it, at most 5 minutes, so a token never
    /// expires in flight. Unreadable: not cached.
    static func usableSeconds(expiresIn value: JSONValue?) -> Double {
        let text = value?.stringValue ?? value?.numberValue?.text
        guard let text, let seconds = Double(text), seconds.isFinite, seconds > 0 else { return 0 }
        let lifetime = min(seconds, 86_400)
        return lifetime - min(300, lifetime / 10)
    }
}
