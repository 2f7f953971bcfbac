import StrictJSON

/// What the next stage sends, for an accepted draft.
public struct Submission: Sendable, Hashable {
    public static let azureAPIVersion = "2024-04-01"

    public let target: TicketPayload.Target
    public let method: String
    public let path: String
    public let body: JSONValue

    /// Azure: `PUT` at subscription scope for technical and quota requests, at
    /// tenant scope for the rest. Partner Center: `POST` in the agent's locale.
    static func build(draft: Draft, payload: TicketPayload, draftId: String) -> Submission {
        switch payload.target {
        case .azureSupportAPI:
            let ticket = "providers/Microsoft.Support/supportTickets/\(draftId)?api-version=\(azureAPIVersion)"
            let path: String
            if let subscription = draft.azureSubscriptionId, draft.category == .technical || draft.category == .quota {
                path = "/subscriptions/\(subscription)/\(ticket)"
            } else {
                path = "/\(ticket)"
            }
            return Submission(target: .azureSupportAPI, method: "PUT", path: path, body: payload.body)
        case .partnerCenter:
            let path = if let customer = draft.customer {
                "/v1/customers/\(customer)/servicerequests/\(payload.supportLanguage)"
            } else {
                "/v1/servicerequests/\(payload.supportLanguage)"
            }
            return Submission(target: .partnerCenter, method: "POST", path: path, body: payload.body)
        }
    }

    public var json: JSONValue {
        var object = JSONObject()
        object.append("target", .string(target.rawValue))
        object.append("method", .string(method))
        object.append("path", .string(path))
        object.append("body", body)
        return .object(object)
    }
}
