/// Time limits of the client. The defaults suit Microsoft; tests and the forwarder's
/// benchmark against a local double shorten the polling.
public struct MicrosoftClientSettings: Sendable {
    /// One request to Azure or Partner Center, answer included.
    public var requestTimeoutSeconds: Double = 60
    /// One request to the token endpoint.
    public var tokenTimeoutSeconds: Double = 30
    /// The first wait on an async operation whose answer names no `Retry-After`; doubled
    /// each time up to `pollMaxWaitSeconds`.
    public var pollFirstWaitSeconds: Double = 0.1
    /// The longest wait between two polls, whatever `Retry-After` says.
    public var pollMaxWaitSeconds: Double = 60
    /// How long an async operation is followed before the outcome is left unknown
    /// (`.unavailable`: the forwarder finds the ticket by its name later).
    public var operationDeadlineSeconds: Double = 900

    public init() {}
}
