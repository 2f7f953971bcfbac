@testable import MicrosoftAPI
import SupportGateFiling
import Synchronization
import Testing

@Suite struct TokenTests {
    /// Answers token requests with `<tenant>-<n>` and the ticket GET with 200.
    static func azureDouble(counter: Counter = Counter(), expiresIn: Int = 3600) -> ScriptedTransport {
        ScriptedTransport { request in
            if request.url.contains("/oauth2/v2.0/token") {
                return .success(Fixture.token("\(Fixture.tenant(of: request))-\(counter.next())", expiresIn: expiresIn))
            }
            return .success(Fixture.ticket())
        }
    }

    @Test func clientCredentialsGrantAsksForTheManagementScopeWithTheFormEncodedSecret() async throws {
        let transport = Self.azureDouble()
        let client = Fixture.client(transport)
        _ = try await client.findAzureTicket(Fixture.request(customer: nil), credentials: Fixture.credentials())
        let token = try #require(transport.tokenRequests.first)
        #expect(token.method == "POST")
        #expect(token.url == "https://login.test/\(Fixture.partner)/oauth2/v2.0/token")
        #expect(token.header("Content-Type") == "application/x-www-form-urlencoded")
        let form = Fixture.form(token)
        #expect(form["grant_type"] == "client_credentials")
        #expect(form["scope"] == "https://management.azure.com/.default")
        #expect(form["client_id"] == "app-1")
        #expect(form["client_secret"] == "s3cret&=value")
        #expect(form["refresh_token"] == nil)
    }

    @Test func theScopeIsFixedWhateverTheEndpointsSay() async throws {
        let transport = Self.azureDouble()
        let elsewhere = MicrosoftEndpoints(authority: "https://login.test", azure: "https://evil.example", partnerCenter: "https://pc.test")
        _ = try await Fixture.client(transport).findAzureTicket(Fixture.request(customer: nil, endpoints: elsewhere), credentials: Fixture.credentials())
        #expect(Fixture.form(try #require(transport.tokenRequests.first))["scope"] == AzureScope.management)
    }

    @Test func aTokenIsCachedUntilShortlyBeforeItExpires() async throws {
        let transport = Self.azureDouble(expiresIn: 3600)
        let clock = ManualClock()
        let client = Fixture.client(transport, clock: clock)
        let request = Fixture.request(customer: nil)
        _ = try await client.findAzureTicket(request, credentials: Fixture.credentials())
        clock.advance(3600 - 300 - 1)  // near miss: still inside the margin
        _ = try await client.findAzureTicket(request, credentials: Fixture.credentials())
        #expect(transport.tokenRequests.count == 1)
        clock.advance(2)  // past expires_in less five minutes
        _ = try await client.findAzureTicket(request, credentials: Fixture.credentials())
        #expect(transport.tokenRequests.count == 2)
        let bearers = transport.apiRequests.map { $0.header("Authorization") }
        #expect(bearers == ["Bearer \(Fixture.partner)-1", "Bearer \(Fixture.partner)-1", "Bearer \(Fixture.partner)-2"])
    }

    @Test func tokensAreCachedPerTenant() async throws {
        let transport = Self.azureDouble()
        let client = Fixture.client(transport)
        _ = try await client.findAzureTicket(Fixture.request(customer: nil), credentials: Fixture.credentials())
        _ = try await client.findAzureTicket(Fixture.request(), credentials: Fixture.credentials())
        _ = try await client.findAzureTicket(Fixture.request(), credentials: Fixture.credentials())
        #expect(transport.tokenRequests.map(Fixture.tenant(of:)).sorted() == [Fixture.partner, Fixture.customer].sorted())
    }

    @Test func concurrentRequestsForOneTokenMakeOneTokenRequest() async throws {
        let counter = Counter()
        let transport = ScriptedTransport { request in
            if request.url.contains("/oauth2/v2.0/token") {
                try? await Task.sleep(for: .milliseconds(100))  // slow, so the others find it in flight
                return .success(Fixture.token("t-\(counter.next())"))
            }
            return .success(Fixture.ticket())
        }
        let client = Fixture.client(transport)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask { _ = try await client.findAzureTicket(Fixture.request(customer: nil), credentials: Fixture.credentials()) }
            }
            try await group.waitForAll()
        }
        #expect(transport.tokenRequests.count == 1)
        #expect(transport.apiRequests.count == 20)
        #expect(await client.tokenRequestsMade == 1)
    }

    @Test func a401GetsOneNewTokenAndTheRequestIsMadeAgain() async throws {
        let counter = Counter()
        let answers = Counter()
        let transport = ScriptedTransport { request in
            if request.url.contains("/oauth2/v2.0/token") { return .success(Fixture.token("t-\(counter.next())")) }
            return .success(answers.next() == 1 ? Fixture.armError(401, code: "ExpiredAuthenticationToken", message: "expired") : Fixture.ticket())
        }
        let events = EventLog()
        let ticket = try await Fixture.client(transport, events: events).findAzureTicket(Fixture.request(customer: nil), credentials: Fixture.credentials())
        #expect(ticket?.supportTicketId == "2401010010000001")
        #expect(transport.apiRequests.map { $0.header("Authorization") } == ["Bearer t-1", "Bearer t-2"])
        #expect(events.all.contains(.tokenRenewedAfterUnauthorized(tenantId: Fixture.partner)))
    }

    @Test(.timeLimit(.minutes(1))) func aSecond401IsUnauthorizedAndNotTriedAThirdTime() async throws {
        let counter = Counter()
        let transport = ScriptedTransport { request in
            if request.url.contains("/oauth2/v2.0/token") { return .success(Fixture.token("t-\(counter.next())")) }
            return .success(Fixture.armError(401, code: "InvalidAuthenticationToken", message: "no role"))
        }
        await #expect(throws: MicrosoftFailure.unauthorized(code: "InvalidAuthenticationToken", message: "no role")) {
            _ = try await Fixture.client(transport).fileAzureTicket(Fixture.request(customer: nil), credentials: Fixture.credentials())
        }
        #expect(transport.apiRequests.count == 2)
        #expect(transport.tokenRequests.count == 2)
    }

    @Test func aCustomer401RenewsBothTokens() async throws {
        let counter = Counter()
        let answers = Counter()
        let transport = ScriptedTransport { request in
            if request.url.contains("/oauth2/v2.0/token") { return .success(Fixture.token("\(Fixture.tenant(of: request))-\(counter.next())")) }
            return .success(answers.next() == 1 ? Fixture.armError(401, code: "InvalidAuthenticationTokenTenant", message: "x") : Fixture.ticket())
        }
        _ = try await Fixture.client(transport).findAzureTicket(Fixture.request(), credentials: Fixture.credentials())
        #expect(transport.tokenRequests.count == 4)
        let second = try #require(transport.apiRequests.last)
        #expect(second.header("Authorization")?.hasSuffix("-3") == true || second.header("Authorization")?.hasSuffix("-4") == true)
        #expect(second.header("x-ms-authorization-auxiliary")?.hasSuffix("-3") == true || second.header("x-ms-authorization-auxiliary")?.hasSuffix("-4") == true)
    }

    @Test(arguments: ["invalid_client", "invalid_grant", "unauthorized_client"])
    func aTokenRefusalIsUnauthorizedWithTheFirstLineOfTheAADSTSText(code: String) async throws {
        let transport = ScriptedTransport { request in
            .success(HTTPResponse(status: 400, json: #"{"error":"\#(code)","error_description":"AADSTS7000215: Invalid client secret provided.\r\nTrace ID: 1\r\nCorrelation ID: 2","error_codes":[7000215]}"#))
        }
        let events = EventLog()
        await #expect(throws: MicrosoftFailure.unauthorized(code: code, message: "AADSTS7000215: Invalid client secret provided.")) {
            _ = try await Fixture.client(transport, events: events).findAzureTicket(Fixture.request(customer: nil), credentials: Fixture.credentials())
        }
        #expect(events.all == [.tokenRefused(tenantId: Fixture.partner, scope: AzureScope.management, code: code)])
        #expect(transport.apiRequests.isEmpty)
    }

    @Test func aTokenEndpointThatIsDownIsUnavailableOrThrottledNotUnauthorized() async throws {
        for (status, expected) in [(500, "unavailable"), (503, "throttled"), (429, "throttled")] {
            let transport = ScriptedTransport { _ in .success(HTTPResponse(status: status, headers: [("Retry-After", "9")], body: Array("busy".utf8))) }
            do {
                _ = try await Fixture.client(transport).findAzureTicket(Fixture.request(customer: nil), credentials: Fixture.credentials())
                Issue.record("no failure for \(status)")
            } catch {
                switch (error, expected) {
                case (.unavailable, "unavailable"): break
                case (.throttled(status, 9), "throttled"): break
                default: Issue.record("\(status) gave \(error)")
                }
            }
        }
    }

    @Test func aTenantThatIsNotAGUIDAsksForNoToken() async throws {
        let transport = Self.azureDouble()
        await #expect(throws: MicrosoftFailure.self) {
            _ = try await Fixture.client(transport).findAzureTicket(Fixture.request(customer: "../../evil"), credentials: Fixture.credentials())
        }
        #expect(transport.requests.isEmpty)
    }
}

/// A counter shared by a handler's calls: 1, 2, 3, …
final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
}
