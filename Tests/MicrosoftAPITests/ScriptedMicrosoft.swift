@testable import MicrosoftAPI
import Synchronization
import SupportGateFiling

/// A transport whose answers a test scripts: a handler per request, every request kept.
final class ScriptedTransport: HTTPTransport {
    typealias Handler = @Sendable (HTTPRequest) async -> Result<HTTPResponse, HTTPTransportError>
    private let handler: Handler
    private let log = Mutex<[HTTPRequest]>([])

    init(_ handler: @escaping Handler) {
        self.handler = handler
    }

    func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
        log.withLock { $0.append(request) }
        return try await handler(request).get()
    }

    var requests: [HTTPRequest] { log.withLock { $0 } }
    var tokenRequests: [HTTPRequest] { requests.filter { $0.url.contains("/oauth2/v2.0/token") } }
    var apiRequests: [HTTPRequest] { requests.filter { !$0.url.contains("/oauth2/v2.0/token") } }
}

/// Time that moves only when slept on or advanced by hand.
final class ManualClock: MicrosoftClock {
    private let state = Mutex<(now: Double, sleeps: [Double])>((1_000, []))
    static let epochOffset = 1_800_000_000.0

    func monotonicSeconds() -> Double { state.withLock { $0.now } }
    func epochSeconds() -> Double { state.withLock { $0.now } + Self.epochOffset }
    func sleep(seconds: Double) async throws {
        state.withLock { $0.now += seconds; $0.sleeps.append(seconds) }
    }
    func advance(_ seconds: Double) { state.withLock { $0.now += seconds } }
    var sleeps: [Double] { state.withLock { $0.sleeps } }
}

struct StoreFailure: Error { let message: String }

final class MemoryRefreshTokenStore: RefreshTokenStore {
    private let tokens = Mutex<[String: Secret]>([:])
    private let failing = Mutex(false)

    func current(partnerTenantId: String) throws -> Secret? { tokens.withLock { $0[partnerTenantId] } }
    func store(_ token: Secret, partnerTenantId: String) throws {
        if failing.withLock({ $0 }) { throw StoreFailure(message: "disk full (and the token was \(token.reveal()))") }
        tokens.withLock { $0[partnerTenantId] = token }
    }
    func fail(_ value: Bool) { failing.withLock { $0 = value } }
}

final class EventLog: Sendable {
    private let events = Mutex<[MicrosoftEvent]>([])
    var all: [MicrosoftEvent] { events.withLock { $0 } }
    var sink: @Sendable (MicrosoftEvent) -> Void { { event in self.events.withLock { $0.append(event) } } }
}

enum Fixture {
    static let partner = "11111111-1111-4111-8111-111111111111"
    static let customer = "22222222-2222-4222-8222-222222222222"
    static let ticketName = "33333333-3333-4333-8333-333333333333"
    static let endpoints = MicrosoftEndpoints(authority: "https://login.test", azure: "https://azure.test", partnerCenter: "https://pc.test")
    static let path = "/subscriptions/44444444-4444-4444-8444-444444444444/providers/Microsoft.Support/supportTickets/\(ticketName)?api-version=2024-04-01"
    static let body = Array(#"{"properties":{"title":"VM down"}}"#.utf8)

    static func credentials(secret: String = "s3cret&=value", refreshToken: String? = "refresh-1") -> PartnerCredentials {
        PartnerCredentials(partnerTenantId: partner, clientId: "app-1", clientSecret: Secret(secret), refreshToken: refreshToken.map(Secret.init))
    }

    static func request(customer: String? = Fixture.customer, path: String = Fixture.path, endpoints: MicrosoftEndpoints = Fixture.endpoints) -> AzureTicketRequest {
        AzureTicketRequest(partnerTenantId: partner, customerTenantId: customer, endpoints: endpoints, path: path, body: body, ticketName: ticketName)
    }

    /// A token answer whose access token names the tenant and a serial, so tests can tell them apart.
    static func token(_ value: String, expiresIn: Int = 3600, refreshToken: String? = nil) -> HTTPResponse {
        let refresh = refreshToken.map { #","refresh_token":"\#($0)""# } ?? ""
        return HTTPResponse(status: 200, json: #"{"token_type":"Bearer","expires_in":\#(expiresIn),"access_token":"\#(value)"\#(refresh)}"#)
    }

    static func ticket(id: String = "2401010010000001", status: String = "Open") -> HTTPResponse {
        HTTPResponse(status: 200, json: #"{"id":"x","name":"\#(ticketName)","type":"Microsoft.Support/supportTickets","properties":{"supportTicketId":"\#(id)","status":"\#(status)"}}"#)
    }

    static func armError(_ status: Int, code: String, message: String, headers: [(name: String, value: String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, json: #"{"error":{"code":"\#(code)","message":"\#(message)"}}"#)
    }

    /// The tenant a token request is for: `{authority}/{tenant}/oauth2/v2.0/token`.
    static func tenant(of request: HTTPRequest) -> String {
        let parts = request.url.split(separator: "/")
        return parts.count >= 4 ? String(parts[parts.count - 4]) : ""
    }

    static func form(_ request: HTTPRequest) -> [String: String] {
        let text = String(decoding: request.body ?? [], as: UTF8.self)
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            fields[parts[0]] = parts.count > 1 ? parts[1].removingFormEncoding() : ""
        }
        return fields
    }

    static func client(_ transport: ScriptedTransport, store: MemoryRefreshTokenStore = MemoryRefreshTokenStore(), clock: ManualClock = ManualClock(),
                       events: EventLog = EventLog()) -> MicrosoftClient {
        MicrosoftClient(transport: transport, refreshTokens: store, clock: clock, events: events.sink)
    }
}

extension String {
    func removingFormEncoding() -> String {
        var bytes: [UInt8] = []
        var iterator = Array(utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "+") { bytes.append(0x20) } else if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) { bytes.append(value) } else { bytes.append(byte) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
