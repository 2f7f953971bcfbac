@testable import MicrosoftAPI
import StrictJSON
import SupportGateFiling
import Testing

/// Every secret carries CANARY; Microsoft (the scripted transport) echoes back everything it
/// was sent (URL, headers, form) in its error bodies and transport errors. No failure, event
/// or description may carry CANARY.
@Suite struct CanaryTests {
    static let credentials = PartnerCredentials(partnerTenantId: Fixture.partner, clientId: "app-1",
                                                clientSecret: Secret("CANARY/s+e=c&r%t"), refreshToken: Secret("CANARY-refresh"))

    /// The whole request as text: what a careless server or library might echo.
    static func echo(_ request: HTTPRequest) -> String {
        request.method + " " + request.url + " " + request.headers.map { "\($0.name): \($0.value)" }.joined(separator: " ")
            + " " + String(decoding: request.body ?? [], as: UTF8.self)
    }

    static func jsonString(_ text: String) -> String { JSONWriter.compact(.string(text)) }

    enum Echo: CaseIterable {
        case tokenRefusal, tokenServerError, tokenTransport, azureRejected, azureServerError, azureTransport, azureUnauthorized,
             operationFailed, partnerCenterRejected, rotationNotStored
    }

    static func transport(_ mode: Echo) -> ScriptedTransport {
        let serial = Counter()
        return ScriptedTransport { request in
            let echoed = echo(request)
            let isToken = request.url.contains("/oauth2/v2.0/token")
            if isToken {
                switch mode {
                case .tokenRefusal:
                    return .success(HTTPResponse(status: 400, json: #"{"error":"invalid_client","error_description":\#(jsonString("AADSTS7000215: bad: " + echoed))}"#))
                case .tokenServerError:
                    return .success(HTTPResponse(status: 500, body: Array(echoed.utf8)))
                case .tokenTransport:
                    return .failure(HTTPTransportError(.connectionReset, detail: "while sending " + echoed))
                case .rotationNotStored:
                    return .success(Fixture.token("CANARY-access-\(serial.next())", refreshToken: "CANARY-rotated"))
                default:
                    return .success(Fixture.token("CANARY-access-\(serial.next())"))
                }
            }
            switch mode {
            case .azureRejected, .partnerCenterRejected:
                return .success(HTTPResponse(status: 400, json: #"{"error":{"code":"BadRequest","message":\#(jsonString("you sent " + echoed))}}"#))
            case .azureServerError:
                return .success(HTTPResponse(status: 502, body: Array(echoed.utf8)))
            case .azureTransport:
                return .failure(HTTPTransportError(.tls, detail: "handshake with " + echoed))
            case .azureUnauthorized:
                return .success(HTTPResponse(status: 401, json: #"{"error":{"code":"InvalidAuthenticationToken","message":\#(jsonString("token " + echoed))}}"#))
            case .operationFailed:
                if request.method == "PUT" { return .success(HTTPResponse(status: 202, headers: [("Azure-AsyncOperation", "https://azure.test/op")])) }
                return .success(HTTPResponse(status: 200, json: #"{"status":"Failed","error":{"code":"X","message":\#(jsonString(echoed))}}"#))
            default:
                return .success(HTTPResponse(status: 200, json: #"{"id":"1","status":"open"}"#))
            }
        }
    }

    @Test(arguments: Echo.allCases)
    func noSecretLeavesTheClient(mode: Echo) async throws {
        let events = EventLog()
        let store = MemoryRefreshTokenStore()
        if mode == .rotationNotStored { store.fail(true) }
        let transport = Self.transport(mode)
        let client = MicrosoftClient(transport: transport, refreshTokens: store, clock: ManualClock(), events: events.sink)
        var failures: [MicrosoftFailure] = []
        do {
            _ = try await client.fileAzureTicket(Fixture.request(), credentials: Self.credentials)
        } catch { failures.append(error) }
        do {
            _ = try await client.findAzureTicket(Fixture.request(customer: nil), credentials: Self.credentials)
        } catch { failures.append(error) }
        do {
            _ = try await client.serviceRequest(id: "61", partnerTenantId: Fixture.partner, endpoints: Fixture.endpoints, credentials: Self.credentials)
        } catch { failures.append(error) }

        #expect(!failures.isEmpty || mode == .rotationNotStored)
        // The echo reached the client: the canary was there to leak.
        #expect(transport.requests.contains { Self.echo($0).contains("CANARY") })
        let texts = failures.flatMap { [String(describing: $0), String(reflecting: $0), "\($0)"] } + events.all.map { String(reflecting: $0) }
        for text in texts {
            #expect(!text.contains("CANARY"), "leaked: \(text)")
        }
    }

    @Test func theRedactionStillShowsWhatWentWrong() async throws {
        let transport = Self.transport(.azureRejected)
        let client = MicrosoftClient(transport: transport, refreshTokens: MemoryRefreshTokenStore(), clock: ManualClock(), events: { _ in })
        do {
            _ = try await client.findAzureTicket(Fixture.request(), credentials: Self.credentials)
        } catch {
            guard case .rejected(400, "BadRequest", let message) = error else { Issue.record("\(error)"); return }
            #expect(message.hasPrefix("you sent GET https://azure.test/subscriptions/"))
            #expect(message.contains("<redacted>"))
        }
    }

    @Test func secretsPrintRedacted() {
        let request = HTTPRequest(method: "POST", url: "https://login.test/t", headers: [("Authorization", "Bearer CANARY-access")],
                                  body: Array("client_secret=CANARY".utf8), timeoutSeconds: 1)
        let response = HTTPResponse(status: 200, json: #"{"access_token":"CANARY-access"}"#)
        let text = "\(Self.credentials) \(String(reflecting: Self.credentials)) \(request) \(String(reflecting: request)) \(response) \(String(reflecting: response))"
        #expect(!text.contains("CANARY"))
        #expect(text.contains("POST https://login.test/t"))
    }

    @Test func oneTenantsCredentialsNeverServeAnother() async throws {
        let transport = Self.transport(.partnerCenterRejected)
        let client = MicrosoftClient(transport: transport, refreshTokens: MemoryRefreshTokenStore(), clock: ManualClock(), events: { _ in })
        let other = PartnerCredentials(partnerTenantId: Fixture.customer, clientId: "app-2", clientSecret: Secret("x"), refreshToken: Secret("y"))
        await #expect(throws: MicrosoftFailure.unauthorized(code: "credentials_mismatch", message: "the credentials are not the partner tenant's of this request")) {
            _ = try await client.fileAzureTicket(Fixture.request(), credentials: other)
        }
        await #expect(throws: MicrosoftFailure.self) {
            _ = try await client.serviceRequest(id: "61", partnerTenantId: Fixture.partner, endpoints: Fixture.endpoints, credentials: other)
        }
        #expect(transport.requests.isEmpty)
    }
}
