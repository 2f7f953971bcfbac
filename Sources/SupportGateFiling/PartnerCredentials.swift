/// What a partner gives the forwarder (`<partnerTenantId>.json` in the credentials folder,
/// contract §8): its app registration, and for following Partner Center requests, an
/// App+User refresh token (the first one; rotated ones are kept in the forwarder's state).
public struct PartnerCredentials: Sendable, Hashable {
    public let partnerTenantId: String
    public let clientId: String
    public let clientSecret: Secret
    public let refreshToken: Secret?

    public init(partnerTenantId: String, clientId: String, clientSecret: Secret, refreshToken: Secret?) {
        self.partnerTenantId = partnerTenantId
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.refreshToken = refreshToken
    }
}
