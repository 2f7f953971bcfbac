import SupportGateFiling

/// An access token and when to stop using it (monotonic seconds).
struct AccessToken: Sendable {
    let value: Secret
    let renewAt: Double
}

/// Access tokens, cached per (authority, tenant, clientId, scope) until shortly before they
/// expire. An actor, so concurrent requests for one token make one token request: the
/// first starts it, the others wait for the same answer. That matters most for the
/// refresh-token grant, where two requests with one refresh token would race its rotation.
actor TokenBroker {
    private let transport: any HTTPTransport
    private let store: any RefreshTokenStore
    private let clock: any MicrosoftClock
    private let events: @Sendable (MicrosoftEvent) -> Void
    private let timeoutSeconds: Double
    private var cache: [TokenKey: AccessToken] = [:]
    private var inFlight: [TokenKey: Task<Result<AccessToken, MicrosoftFailure>, Never>] = [:]
    /// Tokens asked of the endpoint: tests count them.
    private(set) var requestsMade = 0

    /// A bound on cached tokens (one per tenant and scope): past it the expired ones go.
    static let cacheLimit = 10_000

    init(transport: any HTTPTransport, store: any RefreshTokenStore, clock: any MicrosoftClock,
         events: @escaping @Sendable (MicrosoftEvent) -> Void, timeoutSeconds: Double) {
        self.transport = transport
        self.store = store
        self.clock = clock
        self.events = events
        self.timeoutSeconds = timeoutSeconds
    }

    func token(_ request: TokenRequest) async throws(MicrosoftFailure) -> Secret {
        if let cached = cache[request.key], clock.monotonicSeconds() < cached.renewAt {
            return cached.value
        }
        let task: Task<Result<AccessToken, MicrosoftFailure>, Never>
        if let running = inFlight[request.key] {
            task = running
        } else {
            requestsMade += 1
            let fetcher = TokenFetcher(transport: transport, store: store, clock: clock, events: events, timeoutSeconds: timeoutSeconds)
            task = Task { await fetcher.fetch(request) }
            inFlight[request.key] = task
        }
        let result = await task.value
        if inFlight[request.key] == task {
            inFlight[request.key] = nil
            if case .success(let token) = result { remember(token, for: request.key) }
        }
        return try result.get().value
    }

    /// Forgets a token Microsoft answered `401` to, unless a newer one has replaced it.
    func drop(_ key: TokenKey, token: Secret) {
        if cache[key]?.value == token { cache[key] = nil }
    }

    private func remember(_ token: AccessToken, for key: TokenKey) {
        if cache.count >= Self.cacheLimit {
            let now = clock.monotonicSeconds()
            cache = cache.filter { $0.value.renewAt > now }
            if cache.count >= Self.cacheLimit { cache.removeAll() }
        }
        cache[key] = token
    }
}
