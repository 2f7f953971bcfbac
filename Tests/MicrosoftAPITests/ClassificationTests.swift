@testable import MicrosoftAPI
import SupportGateFiling
import Glibc
import Testing

@Suite struct ClassificationTests {
    static func put(answer: HTTPResponse) -> ScriptedTransport {
        ScriptedTransport { request in
            request.url.contains("/oauth2/v2.0/token") ? .success(Fixture.token("t")) : .success(answer)
        }
    }

    static func failure(_ answer: HTTPResponse) async -> MicrosoftFailure? {
        do {
            _ = try await Fixture.client(put(answer: answer)).fileAzureTicket(Fixture.request(), credentials: Fixture.credentials())
            return nil
        } catch {
            return error
        }
    }

    @Test func throttlingIs429And503WithRetryAfter() async {
        #expect(await Self.failure(HTTPResponse(status: 429, headers: [("Retry-After", "12")])) == .throttled(httpStatus: 429, retryAfterSeconds: 12))
        #expect(await Self.failure(HTTPResponse(status: 503, headers: [("Retry-After", "5")])) == .throttled(httpStatus: 503, retryAfterSeconds: 5))
        #expect(await Self.failure(HTTPResponse(status: 429)) == .throttled(httpStatus: 429, retryAfterSeconds: nil))
    }

    @Test func otherServerErrorsAreUnavailableNotThrottled() async {
        for status in [500, 502, 504] {
            guard case .unavailable(let reason) = await Self.failure(Fixture.armError(status, code: "InternalServerError", message: "oops",
                                                                                      headers: [("Retry-After", "5")])) else {
                Issue.record("\(status) is not unavailable"); continue
            }
            #expect(reason.contains("\(status)"))
        }
    }

    @Test func a408OrARedirectIsNoRefusal() async {
        for answer in [HTTPResponse(status: 408), HTTPResponse(status: 302, headers: [("Location", "https://elsewhere.example/")])] {
            guard case .unavailable = await Self.failure(answer) else { Issue.record("\(answer.status) is not unavailable"); continue }
        }
    }

    @Test func anyOther4xxIsRejectedWithMicrosoftsCodeAndMessage() async {
        #expect(await Self.failure(Fixture.armError(400, code: "InvalidSupportTicketRequest", message: "serviceId is not valid"))
            == .rejected(httpStatus: 400, code: "InvalidSupportTicketRequest", message: "serviceId is not valid"))
        #expect(await Self.failure(Fixture.armError(409, code: "Conflict", message: "exists")) == .rejected(httpStatus: 409, code: "Conflict", message: "exists"))
        #expect(await Self.failure(Fixture.armError(404, code: "SubscriptionNotFound", message: "no such"))
            == .rejected(httpStatus: 404, code: "SubscriptionNotFound", message: "no such"))
    }

    @Test func aBodyThatIsNotJSONStillGivesACodeAndAMessage() async {
        guard case .rejected(403, let code, let message) = await Self.failure(HTTPResponse(status: 403, body: Array("<html>Forbidden</html>".utf8))) else {
            Issue.record("not rejected"); return
        }
        #expect(code == "HTTP403")
        #expect(message.contains("403"))
        #expect(message.contains("Forbidden"))
    }

    @Test func partnerCentersErrorShapeIsRead() async {
        #expect(await Self.failure(HTTPResponse(status: 400, json: #"{"code":600008,"description":"The request is invalid","data":[],"source":"PartnerFD"}"#))
            == .rejected(httpStatus: 400, code: "600008", message: "The request is invalid"))
    }

    @Test func microsoftsTextsAreCappedAndFreeOfControlCharacters() async {
        let long = String(repeating: "x", count: 5_000)
        guard case .rejected(_, _, let message) = await Self.failure(Fixture.armError(400, code: "Bad", message: "line\\u0007one\\r\\ntwo \(long)")) else {
            Issue.record("not rejected"); return
        }
        #expect(message.count <= SafeText.limit + 1)
        #expect(message.hasPrefix("line one  two"))
        #expect(!message.unicodeScalars.contains { $0.properties.generalCategory == .control })
    }

    @Test(arguments: [HTTPTransportError.Kind.timeout, .connectionRefused, .connectionReset, .tls, .other])
    func everyTransportErrorIsUnavailable(kind: HTTPTransportError.Kind) async {
        let transport = ScriptedTransport { request in
            request.url.contains("/oauth2/v2.0/token") ? .success(Fixture.token("t")) : .failure(HTTPTransportError(kind, detail: "boom"))
        }
        do {
            _ = try await Fixture.client(transport).fileAzureTicket(Fixture.request(), credentials: Fixture.credentials())
            Issue.record("no failure")
        } catch {
            guard case .unavailable(let reason) = error else { Issue.record("\(error)"); return }
            #expect(reason.contains(kind.rawValue))
        }
    }

    @Test func retryAfterReadsSecondsAndHTTPDates() {
        let now = RetryAfter.httpDate("Sun, 06 Nov 1994 08:49:37 GMT")!
        #expect(now == 784_111_777)
        #expect(RetryAfter.seconds("120", nowEpochSeconds: now, cap: 3600) == 120)
        #expect(RetryAfter.seconds(" 7 ", nowEpochSeconds: now, cap: 3600) == 7)
        #expect(RetryAfter.seconds("Sun, 06 Nov 1994 08:50:07 GMT", nowEpochSeconds: now, cap: 3600) == 30)
        #expect(RetryAfter.seconds("Sun, 06 Nov 1994 08:40:00 GMT", nowEpochSeconds: now, cap: 3600) == 0)  // past: now
        #expect(RetryAfter.seconds("999999999999999999999999", nowEpochSeconds: now, cap: 3600) == 3600)
        #expect(RetryAfter.seconds("86400", nowEpochSeconds: now, cap: 3600) == 3600)
        #expect(RetryAfter.seconds("-5", nowEpochSeconds: now, cap: 3600) == nil)
        #expect(RetryAfter.seconds("soon", nowEpochSeconds: now, cap: 3600) == nil)
        #expect(RetryAfter.seconds("", nowEpochSeconds: now, cap: 3600) == nil)
        #expect(RetryAfter.seconds(nil, nowEpochSeconds: now, cap: 3600) == nil)
        #expect(RetryAfter.seconds("Sun, 06 Nov 1994 25:00:00 GMT", nowEpochSeconds: now, cap: 3600) == nil)
    }

    @Test func anHTTPDateRetryAfterIsMeasuredAgainstTheWallClock() async {
        let clock = ManualClock()
        let inTwoMinutes = clock.epochSeconds() + 120
        let text = Self.httpDate(inTwoMinutes)
        let transport = Self.put(answer: HTTPResponse(status: 503, headers: [("Retry-After", text)]))
        do {
            _ = try await Fixture.client(transport, clock: clock).fileAzureTicket(Fixture.request(), credentials: Fixture.credentials())
        } catch {
            #expect(error == .throttled(httpStatus: 503, retryAfterSeconds: 120))
        }
    }

    /// IMF-fixdate of an epoch second.
    static func httpDate(_ epoch: Double) -> String {
        var seconds = time_t(epoch)
        var fields = tm()
        gmtime_r(&seconds, &fields)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(fields.tm_wday)]), \(two(fields.tm_mday)) \(months[Int(fields.tm_mon)]) \(1900 + fields.tm_year) "
            + "\(two(fields.tm_hour)):\(two(fields.tm_min)):\(two(fields.tm_sec)) GMT"
    }
}
