import SupportGateFiling

/// Which `MicrosoftFailure` an answer or a transport error is (contract §8): `429`/`503`
/// throttled with `Retry-After`; other `5xx` and every transport error unavailable; any other
/// `4xx` rejected with Microsoft's code and message. A `401` is the caller's to renew first.
struct FailureClassifier: Sendable {
    let safe: SafeText
    let clock: any MicrosoftClock
    /// The longest `Retry-After` passed on; a larger one is taken as this.
    static let retryAfterCap = 3_600

    func failure(for response: HTTPResponse, what: String) -> MicrosoftFailure {
        switch response.status {
        case 429, 503:
            return .throttled(httpStatus: response.status,
                              retryAfterSeconds: RetryAfter.seconds(response.header("Retry-After"), nowEpochSeconds: clock.epochSeconds(),
                                                                    cap: Self.retryAfterCap))
        case 401:
            let error = errorBody(response)
            return .unauthorized(code: error.code, message: error.message)
        case 408:
            // The server gave up waiting for the request: whether it acted is unknown.
            return .unavailable(reason: "\(what): Microsoft answered 408 (request timeout)")
        case 400...499:
            let error = errorBody(response)
            return .rejected(httpStatus: response.status, code: error.code, message: error.message)
        default:
            // 5xx, or a status no flow expects here (a redirect is never followed): not a refusal.
            return .unavailable(reason: "\(what): Microsoft answered \(response.status)\(detail(response.body))")
        }
    }

    func failure(for error: HTTPTransportError, what: String) -> MicrosoftFailure {
        let detail = safe.clean(error.detail, limit: 300)
        return .unavailable(reason: "\(what): \(error.kind.rawValue)\(detail.isEmpty ? "" : " (\(detail))")")
    }

    /// Microsoft's code and message, cleaned; a fallback that says what came when the body
    /// is not a JSON error.
    func errorBody(_ response: HTTPResponse) -> MicrosoftErrorBody {
        if let parsed = MicrosoftErrorBody(response.body) {
            let code = safe.clean(parsed.code, limit: 200)
            return MicrosoftErrorBody(code: code.isEmpty ? "HTTP\(response.status)" : code, message: safe.clean(parsed.message))
        }
        return MicrosoftErrorBody(code: "HTTP\(response.status)",
                                  message: "Microsoft answered \(response.status) without a JSON error body\(detail(response.body))")
    }

    /// `: <the first characters of the body>`, cleaned, or nothing.
    private func detail(_ body: [UInt8]) -> String {
        if let parsed = MicrosoftErrorBody(body) {
            let text = safe.clean("\(parsed.code): \(parsed.message)", limit: 300)
            return ": " + text
        }
        let text = safe.clean(String(decoding: body.prefix(600), as: UTF8.self), limit: 200)
        return text.isEmpty ? "" : ": " + text
    }
}
