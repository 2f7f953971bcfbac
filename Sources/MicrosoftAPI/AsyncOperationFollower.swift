import StrictJSON
import SupportGateFiling

/// Follows a `202` to its end (ARM's asynchronous operations): polls `Azure-AsyncOperation`
/// (its body's `status`), else `Location` (`202` until done), waiting `Retry-After` between
/// polls. Returns when the operation `Succeeded`; `Failed`/`Canceled` is `.rejected` with the
/// operation's error. A throttled or failing poll is waited out within the deadline: the
/// ticket may exist by now, so the filing is not thrown back to be sent again.
struct AsyncOperationFollower: Sendable {
    let client: MicrosoftClient
    let request: AzureTicketRequest
    let credentials: PartnerCredentials

    private enum Mode { case asyncOperation, location }

    func follow(_ accepted: HTTPResponse) async throws(MicrosoftFailure) {
        let settings = client.settings
        let classifier = client.classifier(credentials)
        let mode: Mode
        let pollURL: String
        if let url = accepted.header("Azure-AsyncOperation") {
            (mode, pollURL) = (.asyncOperation, try sameOrigin(url))
        } else if let url = accepted.header("Location") {
            (mode, pollURL) = (.location, try sameOrigin(url))
        } else {
            return  // Nothing to follow: reading the ticket tells the rest.
        }
        let deadline = client.clock.monotonicSeconds() + settings.operationDeadlineSeconds
        var backoff = PollBackoff(first: settings.pollFirstWaitSeconds, cap: settings.pollMaxWaitSeconds)
        var wait = retryAfter(accepted) ?? backoff.next()
        while true {
            if client.clock.monotonicSeconds() + wait > deadline {
                throw .unavailable(reason: "Azure: the create operation had not ended after \(Int(settings.operationDeadlineSeconds)) s")
            }
            do {
                try await client.clock.sleep(seconds: wait)
            } catch {
                throw .unavailable(reason: "Azure: stopped while following the create operation")
            }
            let poll: HTTPResponse
            do {
                poll = try await client.sender.send(method: "GET", url: pollURL, authorization: client.authorization(request, credentials),
                                                    what: "Azure operation")
            } catch .unavailable {
                wait = backoff.next()
                continue
            }
            switch poll.status {
            case 429, 500...599:
                wait = retryAfter(poll) ?? backoff.next()
                continue
            case 202:
                wait = retryAfter(poll) ?? backoff.next()
                continue
            case 200...299:
                if mode == .location { return }
                guard let object = MicrosoftErrorBody.object(poll.body), let status = object["status"]?.stringValue else {
                    throw .unavailable(reason: "Azure operation: an answer without status")
                }
                switch status.lowercased() {
                case "succeeded":
                    return
                case "failed", "canceled", "cancelled":
                    let error = object["error"]?.objectValue
                    let code = error.flatMap { MicrosoftErrorBody.text($0["code"]) } ?? (status.lowercased() == "failed" ? "OperationFailed" : "OperationCanceled")
                    let message = error?["message"]?.stringValue ?? "the create operation ended \(status)"
                    throw .rejected(httpStatus: poll.status, code: classifier.safe.clean(code, limit: 200), message: classifier.safe.clean(message))
                default:
                    wait = retryAfter(poll) ?? backoff.next()
                }
            default:
                // The operation is gone or refused; the ticket may be there all the same.
                if try await client.findAzureTicket(request, credentials: credentials) != nil { return }
                throw classifier.failure(for: poll, what: "Azure operation")
            }
        }
    }

    /// The waits when Azure names none: `first`, doubled each time, at most `cap`.
    private struct PollBackoff {
        var current: Double
        let cap: Double

        init(first: Double, cap: Double) {
            current = first
            self.cap = cap
        }

        mutating func next() -> Double {
            defer { current = min(current * 2, cap) }
            return current
        }
    }

    private func retryAfter(_ response: HTTPResponse) -> Double? {
        RetryAfter.seconds(response.header("Retry-After"), nowEpochSeconds: client.clock.epochSeconds(),
                           cap: Int(client.settings.pollMaxWaitSeconds)).map(Double.init)
    }

    /// The operation's URL, absolute; only on the Azure endpoint's own origin, since the
    /// tokens go with it.
    private func sameOrigin(_ url: String) throws(MicrosoftFailure) -> String {
        let absolute = url.hasPrefix("/") && !url.hasPrefix("//") ? URLText.joining(URLText.origin(request.endpoints.azure) ?? "", url) : url
        guard let azure = URLText.origin(request.endpoints.azure), URLText.origin(absolute) == azure else {
            throw .unavailable(reason: "Azure: the create operation is followed only on \(URLText.origin(request.endpoints.azure) ?? "the Azure endpoint")")
        }
        return absolute
    }
}
