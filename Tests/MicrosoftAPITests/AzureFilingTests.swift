@testable import MicrosoftAPI
import SupportGateFiling
import Testing

@Suite struct AzureFilingTests {
    /// Tokens named after their tenant; Azure's answers from `azure` (in order of the calls).
    static func double(_ azure: @escaping @Sendable (HTTPRequest, Int) -> HTTPResponse) -> ScriptedTransport {
        let calls = Counter()
        return ScriptedTransport { request in
            if request.url.contains("/oauth2/v2.0/token") { return .success(Fixture.token("token-of-\(Fixture.tenant(of: request))")) }
            return .success(azure(request, calls.next()))
        }
    }

    @Test func aCustomerRequestCarriesTheCustomersBearerAndThePartnersAuxiliaryToken() async throws {
        let transport = Self.double { request, _ in request.method == "PUT" ? HTTPResponse(status: 201, json: "{}") : Fixture.ticket() }
        let ticket = try await Fixture.client(transport).fileAzureTicket(Fixture.request(), credentials: Fixture.credentials())
        #expect(ticket == AzureTicket(name: Fixture.ticketName, supportTicketId: "2401010010000001", status: "Open"))
        let put = try #require(transport.apiRequests.first)
        #expect(put.method == "PUT")
        #expect(put.url == "https://azure.test" + Fixture.path)
        #expect(put.body == Fixture.body)
        #expect(put.header("Content-Type") == "application/json")
        #expect(put.header("Authorization") == "Bearer token-of-\(Fixture.customer)")
        #expect(put.header("x-ms-authorization-auxiliary") == "Bearer token-of-\(Fixture.partner)")
        #expect(transport.apiRequests.map(\.method) == ["PUT", "GET"])
    }

    @Test func anOwnTenantRequestCarriesThePartnersTokenAlone() async throws {
        let transport = Self.double { request, _ in request.method == "PUT" ? HTTPResponse(status: 200, json: "{}") : Fixture.ticket() }
        _ = try await Fixture.client(transport).fileAzureTicket(Fixture.request(customer: nil), credentials: Fixture.credentials())
        let put = try #require(transport.apiRequests.first)
        #expect(put.header("Authorization") == "Bearer token-of-\(Fixture.partner)")
        #expect(put.header("x-ms-authorization-auxiliary") == nil)
        #expect(transport.tokenRequests.count == 1)
    }

    @Test func a202IsFollowedThroughTheAsyncOperationHonouringRetryAfterUntilSucceeded() async throws {
        let operation = "https://azure.test/providers/Microsoft.Support/operations/op-1?api-version=2024-04-01"
        let transport = Self.double { request, call in
            switch (request.method, call) {
            case ("PUT", _): HTTPResponse(status: 202, headers: [("Azure-AsyncOperation", operation), ("Retry-After", "7")])
            case (_, 2), (_, 3): HTTPResponse(status: 200, headers: [("Retry-After", "3")], json: #"{"status":"InProgress"}"#)
            case (_, 4): HTTPResponse(status: 200, json: #"{"status":"Running"}"#)
            case (_, 5): HTTPResponse(status: 200, json: #"{"status":"Succeeded"}"#)
            default: Fixture.ticket()
            }
        }
        let clock = ManualClock()
        let ticket = try await Fixture.client(transport, clock: clock).fileAzureTicket(Fixture.request(), credentials: Fixture.credentials())
        #expect(ticket.supportTicketId == "2401010010000001")
        #expect(transport.apiRequests.map(\.url) == ["https://azure.test" + Fixture.path, operation, operation, operation, operation,
                                                     "https://azure.test" + Fixture.path])
        // 7 from the 202, 3 and 3 from the polls, then no Retry-After: the default's first step.
        #expect(clock.sleeps == [7, 3, 3, 0.1])
        #expect(transport.apiRequests[1].header("x-ms-authorization-auxiliary") == "Bearer token-of-\(Fixture.partner)")
    }

    @Test(arguments: [("Failed", "SupportTicketCreationFailed"), ("Canceled", "Canceled")])
    func anOperationThatEndsFailedOrCanceledIsRejectedWithItsError(status: String, code: String) async throws {
        let transport = Self.double { request, call in
            switch (request.method, call) {
            case ("PUT", _): HTTPResponse(status: 202, headers: [("Azure-AsyncOperation", "https://azure.test/op/1")])
            case (_, 2): HTTPResponse(status: 200, json: #"{"status":"InProgress"}"#)
            default: HTTPResponse(status: 200, json: #"{"status":"\#(status)","error":{"code":"\#(code)","message":"the problem classification is not valid"}}"#)
            }
        }
        await #expect(throws: MicrosoftFailure.rejected(httpStatus: 200, code: code, message: "the problem classification is not valid")) {
            _ = try await Fixture.client(transport).fileAzureTicket(Fixture.request(), credentials: Fixture.credentials())
        }
        #expect(transport.apiRequests.count == 3)  // no GET of a ticket that failed
    }

    @Test func aLocationOnlyOperationIsPolledUntilItStopsAnswering202() async throws {
        let transport = Self.double { request, call in
            switch (request.method, call) {
            case ("PUT", _): HTTPResponse(status: 202, headers: [("Location", "/providers/Microsoft.Support/operationResults/r1")])
            case (_, 2), (_, 3): HTTPResponse(status: 202, headers: [("Retry-After", "2")])
            case (_, 4): HTTPResponse(status: 200, json: "{}")
            default: Fixture.ticket()
            }
        }
        let clock = ManualClock()
        _ = try await Fixture.client(transport, clock: clock).fileAzureTicket(Fixture.request(), credentials: Fixture.credentials())
        #expect(transport.apiRequests[1].url == "https://azure.test/providers/Microsoft.Support/operationResults/r1")
        #expect(transport.apiRequests.count == 5)
        #expect(clock.sleeps == [0.1, 2, 2])
    }

    @Test func thrownPollsAreWaitedOutNotSentBackAsAFailure() async throws {
        let transport = Self.double { request, call in
            switch (request.method, call) {
            case ("PUT", _): HTTPResponse(status: 202, headers: [("Azure-AsyncOperation", "https://azure.test/op/1")])
            case (_, 2): HTTPResponse(status: 429, headers: [("Retry-After", "20")])
            case (_, 3): HTTPResponse(status: 500)
            case (_, 4): HTTPResponse(status: 200, json: #"{"status":"Succeeded"}"#)
            default: Fixture.ticket()
            }
        }
        let clock = ManualClock()
        _ = try await Fixture.client(transport, clock: clock).fileAzureTicket(Fixture.request(), credentials: Fixture.credentials())
        #expect(clock.sleeps == [0.1, 20, 0.2])
    }

    @Test func anOperationOnAnotherHostIsNotFollowedWithTheTokens() async throws {
        let transport = Self.double { request, _ in
            HTTPResponse(status: 202, headers: [("Azure-AsyncOperation", "https://azure.test.evil.example/op/1")])
        }
        await #expect(throws: MicrosoftFailure.self) {
            _ = try await Fixture.client(transport).fileAzureTicket(Fixture.request(), credentials: Fixture.credentials())
        }
        #expect(transport.apiRequests.count == 1)
    }

    @Test func anOperationThatNeverEndsIsLeftUnknownAtTheDeadline() async throws {
        let transport = Self.double { request, _ in
            request.method == "PUT" ? HTTPResponse(status: 202, headers: [("Azure-AsyncOperation", "https://azure.test/op/1")])
                : HTTPResponse(status: 200, headers: [("Retry-After", "60")], json: #"{"status":"InProgress"}"#)
        }
        do {
            _ = try await Fixture.client(transport).fileAzureTicket(Fixture.request(), credentials: Fixture.credentials())
            Issue.record("an endless operation ended")
        } catch {
            guard case .unavailable(let reason) = error else { Issue.record("\(error)"); return }
            #expect(reason.contains("had not ended"))
        }
        #expect(transport.apiRequests.count < 20)
    }

    @Test func findAzureTicketIsNilOnlyFor404() async throws {
        let missing = Self.double { _, _ in Fixture.armError(404, code: "ResourceNotFound", message: "not found") }
        #expect(try await Fixture.client(missing).findAzureTicket(Fixture.request(), credentials: Fixture.credentials()) == nil)
        let present = Self.double { _, _ in Fixture.ticket(status: "Closed") }
        let ticket = try await Fixture.client(present).findAzureTicket(Fixture.request(), credentials: Fixture.credentials())
        #expect(ticket?.isClosed == true)
        #expect(present.apiRequests.first?.method == "GET")
        #expect(present.apiRequests.first?.url == "https://azure.test" + Fixture.path)
        let forbidden = Self.double { _, _ in Fixture.armError(403, code: "AuthorizationFailed", message: "no") }
        await #expect(throws: MicrosoftFailure.rejected(httpStatus: 403, code: "AuthorizationFailed", message: "no")) {
            _ = try await Fixture.client(forbidden).findAzureTicket(Fixture.request(), credentials: Fixture.credentials())
        }
    }

    @Test(arguments: ["@evil.example/x", "//evil.example/x", "subscriptions/x"])
    func aPathThatWouldLeaveTheAzureHostIsRefusedUnsent(path: String) async throws {
        let transport = Self.double { _, _ in Fixture.ticket() }
        await #expect(throws: MicrosoftFailure.self) {
            _ = try await Fixture.client(transport).fileAzureTicket(Fixture.request(path: path), credentials: Fixture.credentials())
        }
        #expect(transport.requests.isEmpty)
    }
}
