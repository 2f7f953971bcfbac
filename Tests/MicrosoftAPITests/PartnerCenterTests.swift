@testable import MicrosoftAPI
import Glibc
import SupportGateFiling
import SystemCalls
import Testing

@Suite struct PartnerCenterTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let path = "Tests/Fixtures/partner-center/\(name)"
        let descriptor = try SystemCall.open(path, O_RDONLY | O_CLOEXEC)
        defer { try? SystemCall.close(descriptor) }
        return try SystemCall.readAll(descriptor, limit: 1 << 20).bytes
    }

    static func double(store: MemoryRefreshTokenStore, rotateTo: String? = nil, answer: HTTPResponse) -> ScriptedTransport {
        let serial = Counter()
        return ScriptedTransport { request in
            if request.url.contains("/oauth2/v2.0/token") {
                let n = serial.next()
                return .success(Fixture.token("pc-\(n)", refreshToken: rotateTo.map { "\($0)-\(n)" }))
            }
            return .success(answer)
        }
    }

    @Test func aServiceRequestIsReadWithAnAppPlusUserToken() async throws {
        let store = MemoryRefreshTokenStore()
        let transport = Self.double(store: store, answer: HTTPResponse(status: 200, body: try Self.fixture("get-service-request-details-by-id.response.json")))
        let status = try await Fixture.client(transport, store: store)
            .serviceRequest(id: "616122292874576", partnerTenantId: Fixture.partner, endpoints: Fixture.endpoints, credentials: Fixture.credentials())
        #expect(status == ServiceRequestStatus(id: "616122292874576", status: "open"))
        let token = try #require(transport.tokenRequests.first)
        #expect(token.url == "https://login.test/\(Fixture.partner)/oauth2/v2.0/token")
        let form = Fixture.form(token)
        #expect(form["grant_type"] == "refresh_token")
        #expect(form["refresh_token"] == "refresh-1")
        #expect(form["scope"] == "https://api.partnercenter.microsoft.com/.default")
        let get = try #require(transport.apiRequests.first)
        #expect(get.method == "GET")
        #expect(get.url == "https://pc.test/v1/servicerequests/616122292874576")
        #expect(get.header("Authorization") == "Bearer pc-1")
    }

    @Test func pascalCaseAndNumericStatusesAreRead() async throws {
        let store = MemoryRefreshTokenStore()
        let pascal = Self.double(store: store, answer: HTTPResponse(status: 200, json: #"{"Id":"61","Status":"closed","Title":"x"}"#))
        let first = try await Fixture.client(pascal, store: store)
            .serviceRequest(id: "61", partnerTenantId: Fixture.partner, endpoints: Fixture.endpoints, credentials: Fixture.credentials())
        #expect(first == ServiceRequestStatus(id: "61", status: "closed"))
        #expect(first.isClosed)
        let numeric = Self.double(store: store, answer: HTTPResponse(status: 200, body: [0xEF, 0xBB, 0xBF] + Array(#"{"id":"62","status":1}"#.utf8)))
        let second = try await Fixture.client(numeric, store: store)
            .serviceRequest(id: "62", partnerTenantId: Fixture.partner, endpoints: Fixture.endpoints, credentials: Fixture.credentials())
        #expect(second == ServiceRequestStatus(id: "62", status: "open"))
    }

    @Test func aRotatedRefreshTokenIsStoredBeforeTheAccessTokenIsUsed() async throws {
        let store = MemoryRefreshTokenStore()
        let events = EventLog()
        let clock = ManualClock()
        let transport = Self.double(store: store, rotateTo: "rotated", answer: HTTPResponse(status: 200, json: #"{"id":"61","status":"open"}"#))
        let client = Fixture.client(transport, store: store, clock: clock, events: events)
        _ = try await client.serviceRequest(id: "61", partnerTenantId: Fixture.partner, endpoints: Fixture.endpoints, credentials: Fixture.credentials())
        #expect(try store.current(partnerTenantId: Fixture.partner)?.reveal() == "rotated-1")
        #expect(events.all.contains(.refreshTokenRotated(partnerTenantId: Fixture.partner)))
        // The next token request uses the newest refresh token, not the credentials file's.
        clock.advance(4000)
        _ = try await client.serviceRequest(id: "61", partnerTenantId: Fixture.partner, endpoints: Fixture.endpoints, credentials: Fixture.credentials())
        #expect(transport.tokenRequests.map { Fixture.form($0)["refresh_token"] } == ["refresh-1", "rotated-1"])
        #expect(try store.current(partnerTenantId: Fixture.partner)?.reveal() == "rotated-2")
    }

    @Test func theRotatedTokenIsOnDiskWhenTheAccessTokenGoesOut() async throws {
        let store = MemoryRefreshTokenStore()
        let seenAtUse = Counter()
        let transport = ScriptedTransport { request in
            if request.url.contains("/oauth2/v2.0/token") { return .success(Fixture.token("pc-1", refreshToken: "rotated")) }
            if (try? store.current(partnerTenantId: Fixture.partner))?.reveal() == "rotated" { _ = seenAtUse.next() }
            return .success(HTTPResponse(status: 200, json: #"{"id":"61","status":"open"}"#))
        }
        _ = try await Fixture.client(transport, store: store)
            .serviceRequest(id: "61", partnerTenantId: Fixture.partner, endpoints: Fixture.endpoints, credentials: Fixture.credentials())
        #expect(seenAtUse.next() == 2)  // once, at the GET
    }

    @Test func whenTheRotatedTokenCannotBeStoredTheAccessTokenIsNotUsed() async throws {
        let store = MemoryRefreshTokenStore()
        store.fail(true)
        let transport = Self.double(store: store, rotateTo: "rotated", answer: HTTPResponse(status: 200, json: #"{"id":"61","status":"open"}"#))
        do {
            _ = try await Fixture.client(transport, store: store)
                .serviceRequest(id: "61", partnerTenantId: Fixture.partner, endpoints: Fixture.endpoints, credentials: Fixture.credentials())
            Issue.record("used a token whose rotation was not stored")
        } catch {
            guard case .unavailable(let reason) = error else { Issue.record("\(error)"); return }
            #expect(reason.contains("rotated refresh token"))
            #expect(!reason.contains("rotated-1"))
        }
        #expect(transport.apiRequests.isEmpty)
        // Near miss: the same answer, the store working, and the request goes out.
        store.fail(false)
        _ = try await Fixture.client(transport, store: store)
            .serviceRequest(id: "61", partnerTenantId: Fixture.partner, endpoints: Fixture.endpoints, credentials: Fixture.credentials())
        #expect(transport.apiRequests.count == 1)
    }

    @Test func noRefreshTokenIsUnauthorizedWithoutARequest() async throws {
        let store = MemoryRefreshTokenStore()
        let transport = Self.double(store: store, answer: HTTPResponse(status: 200, json: "{}"))
        await #expect(throws: MicrosoftFailure.unauthorized(code: "no_refresh_token", message: "the credentials file has no refreshToken for Partner Center")) {
            _ = try await Fixture.client(transport, store: store).serviceRequest(id: "61", partnerTenantId: Fixture.partner, endpoints: Fixture.endpoints,
                                                                             credentials: Fixture.credentials(refreshToken: nil))
        }
        #expect(transport.requests.isEmpty)
    }

    @Test(arguments: ["", "../customers", "61/notes", "61?x=1", String(repeating: "1", count: 65)])
    func aServiceRequestIdThatIsNotOneIsRefusedUnsent(id: String) async throws {
        let store = MemoryRefreshTokenStore()
        let transport = Self.double(store: store, answer: HTTPResponse(status: 200, json: "{}"))
        await #expect(throws: MicrosoftFailure.self) {
            _ = try await Fixture.client(transport, store: store)
                .serviceRequest(id: id, partnerTenantId: Fixture.partner, endpoints: Fixture.endpoints, credentials: Fixture.credentials())
        }
        #expect(transport.requests.isEmpty)
    }

    @Test func aMissingServiceRequestIsRejected() async throws {
        let store = MemoryRefreshTokenStore()
        let transport = Self.double(store: store, answer: HTTPResponse(status: 404, json: #"{"code":"600013","description":"Service request not found"}"#))
        await #expect(throws: MicrosoftFailure.rejected(httpStatus: 404, code: "600013", message: "Service request not found")) {
            _ = try await Fixture.client(transport, store: store)
                .serviceRequest(id: "61", partnerTenantId: Fixture.partner, endpoints: Fixture.endpoints, credentials: Fixture.credentials())
        }
    }
}
