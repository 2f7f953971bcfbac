import SupportGateFiling

/// Which token, from where: the cache key of contract §8's "per tenant" tokens.
struct TokenKey: Hashable, Sendable {
    let authority: String
    let tenantId: String
    let clientId: String
    let scope: String
}

/// How a token is asked for: the app's own (client credentials, for Azure), or App+User
/// (the partner's refresh token, for Partner Center).
enum TokenGrant: Sendable {
    case clientCredentials
    case refreshToken
}

/// One token to get: the key, the grant, and the credentials that pay for it.
struct TokenRequest: Sendable {
    let key: TokenKey
    let grant: TokenGrant
    let credentials: PartnerCredentials

    static func azure(tenantId: String, endpoints: MicrosoftEndpoints, credentials: PartnerCredentials) -> TokenRequest {
        TokenRequest(key: TokenKey(authority: endpoints.authority, tenantId: tenantId, clientId: credentials.clientId, scope: AzureScope.management),
                     grant: .clientCredentials, credentials: credentials)
    }

    static func partnerCenter(endpoints: MicrosoftEndpoints, credentials: PartnerCredentials) -> TokenRequest {
        TokenRequest(key: TokenKey(authority: endpoints.authority, tenantId: credentials.partnerTenantId, clientId: credentials.clientId,
                                   scope: AzureScope.partnerCenter),
                     grant: .refreshToken, credentials: credentials)
    }

    /// `{authority}/{tenant}/oauth2/v2.0/token`.
    var url: String {
        URLText.joining(key.authority, "/\(key.tenantId)/oauth2/v2.0/token")
    }

    /// The form body (`application/x-www-form-urlencoded`); `refreshToken` for the App+User grant.
    func form(refreshToken: Secret?) -> [UInt8] {
        var fields = [("client_id", credentials.clientId), ("client_secret", credentials.clientSecret.reveal()), ("scope", key.scope)]
        switch grant {
        case .clientCredentials:
            fields.insert(("grant_type", "client_credentials"), at: 0)
        case .refreshToken:
            fields.insert(("grant_type", "refresh_token"), at: 0)
            fields.append(("refresh_token", refreshToken?.reveal() ?? ""))
        }
        return Array(fields.map { "\(FormEncoding.encode($0.0))=\(FormEncoding.encode($0.1))" }.joined(separator: "&").utf8)
    }
}
