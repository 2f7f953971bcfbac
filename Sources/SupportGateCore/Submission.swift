import StrictJSON

/// What the next stage sends, for an accepted draft.
public struct Submission: Sendable, Hashable {
    public let target: TicketPayload.Target
    /// The partner's cloud (the directory's), so that the forwarder knows which of
    /// Microsoft's endpoints to file with without reading the directory (contract §8).
    public let cloud: Cloud
    public let method: String
    public let path: String
    public let body: JSONValue

    /// Azure: `PUT` at subscription scope for technical and quota requests, at
    /// tenant scope for the rest, with the api-version the body is valid for, naming the
    /// ticket by TicketName (partner and draft id alone).
    /// Partner Center: `POST /v1/servicerequests/{agent-locale}`, the one documented
    /// create; the customer a request is for is the result's `customerTenantId`.
    static func build(draft: Draft, payload: TicketPayload, draftId: String, cloud: Cloud) -> Submission {
        switch payload.target {
        case .azureSupportAPI:
            let version = payload.azureAPIVersion ?? .v2024_04_01
            let name = TicketName.of(partner: draft.partnerTenantId, draftId: draftId)
            let ticket = "providers/Microsoft.Support/supportTickets/\(name)?api-version=\(version.rawValue)"
            let path = switch AzureTicketScope.of(category: draft.category, subscription: draft.azureSubscriptionId) {
            case .subscription(let subscription): "/subscriptions/\(subscription)/\(ticket)"
            case .tenant: "/\(ticket)"
            }
            return Submission(target: .azureSupportAPI, cloud: cloud, method: "PUT", path: path, body: payload.body)
        case .partnerCenter:
            return Submission(target: .partnerCenter, cloud: cloud, method: "POST", path: "/v1/servicerequests/\(payload.supportLanguage)", body: payload.body)
        }
    }

    /// The submission an accepted result for these bytes carries, as the engine builds it.
    /// It depends on the draft alone, so a gate that adopts another gate's acceptance of the
    /// same bytes rebuilds it instead of the ledger storing it. Nil when the bytes do not
    /// parse or carry no payload. The cloud is the draft's: an acceptance requires it to be
    /// the partner's (rule 2.cloud, CLOUD_MISMATCH), so it is the partner's cloud as the
    /// accepting gate's directory had it.
    public static func rebuilt(from bytes: [UInt8], fallbackDraftId: String) -> Submission? {
        guard case .parsed(var draft) = DraftParser.parse(bytes), let payload = draft.payload else { return nil }
        let draftId = draft.draftId ?? fallbackDraftId
        draft.draftId = draftId
        return build(draft: draft, payload: payload, draftId: draftId, cloud: draft.cloud)
    }

    public var json: JSONValue {
        var object = JSONObject()
        object.append("target", .string(target.rawValue))
        object.append("cloud", .string(cloud.rawValue))
        object.append("method", .string(method))
        object.append("path", .string(path))
        object.append("body", body)
        return .object(object)
    }
}
