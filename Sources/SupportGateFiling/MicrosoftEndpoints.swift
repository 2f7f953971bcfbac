/// The three base URLs of one cloud (`[forward.endpoints.<cloud>]`). The OAuth scopes never
/// follow these: they are fixed (`AzureScope`), so an endpoint pointed elsewhere (a test
/// double, a proxy) cannot change what a token is for.
public struct MicrosoftEndpoints: Sendable, Hashable {
    /// e.g. `https://login.microsoftonline.com`; tokens at `{authority}/{tenant}/oauth2/v2.0/token`.
    public var authority: String
    /// e.g. `https://management.azure.com`; the submission's path is appended.
    public var azure: String
    /// e.g. `https://api.partnercenter.microsoft.com`.
    public var partnerCenter: String

    public init(authority: String, azure: String, partnerCenter: String) {
        self.authority = authority
        self.azure = azure
        self.partnerCenter = partnerCenter
    }

    /// Microsoft's published endpoints for each cloud the directory names.
    public static func defaults(cloud: String) -> MicrosoftEndpoints? {
        switch cloud {
        case "public":
            MicrosoftEndpoints(authority: "https://login.microsoftonline.com", azure: "https://management.azure.com",
                               partnerCenter: "https://api.partnercenter.microsoft.com")
        case "usgov":
            MicrosoftEndpoints(authority: "https://login.microsoftonline.us", azure: "https://management.usgovcloudapi.net",
                               partnerCenter: "https://api.partnercenter.microsoft.com")
        case "germany":
            MicrosoftEndpoints(authority: "https://login.microsoftonline.de", azure: "https://management.microsoftazure.de",
                               partnerCenter: "https://api.partnercenter.microsoft.com")
        default: nil
        }
    }
}

/// The token scopes of contract §8: always these, whatever the endpoint URLs say.
public enum AzureScope {
    public static let management = "https://management.azure.com/.default"
    public static let partnerCenter = "https://api.partnercenter.microsoft.com/.default"
}
