/// Rule 3, resource scope: a ticket filed under one subscription names no resource
/// outside it. Needs only the draft.
extension DecisionEngine {
    /// One `RESOURCE_OUTSIDE_SUBSCRIPTION` per resource id in the Azure ticket that does not
    /// start with "/subscriptions/<azureSubscriptionId>" followed by "/" or the end (in any
    /// letter case), and per resource id at all when the draft gives no `azureSubscriptionId`.
    func checkResources(_ draft: Draft, into decision: inout Decision) {
        guard let resources = draft.payload?.resourceIds, !resources.isEmpty else { return }
        let expected = draft.azureSubscriptionId
        for resource in resources {
            let named = resource.subscription
            if let named, named == expected { continue }
            decision.add(Finding(.resourceOutsideSubscription, Self.message(resource, named: named, expected: expected),
                                 field: resource.field, rule: .resourceSubscription,
                                 remedy: Self.remedy(named: named, expected: expected)))
        }
    }

    private static let shownIdLength = 200

    private static func message(_ resource: ResourceReference, named: TenantGUID?, expected: TenantGUID?) -> String {
        let shown = resource.id.count > shownIdLength ? "\(resource.id.prefix(shownIdLength))…" : resource.id
        var what = "the resource \"\(shown)\""
        if let inner = resource.payloadPointer {
            what += " (in the payload, at \"\(inner)\")"
        }
        let names: String = if let named {
            "is in subscription \(named)"
        } else if let segment = resource.subscriptionSegment {
            "names no subscription: \"\(segment.prefix(shownIdLength))\" after /subscriptions/ is not a subscription GUID followed by \"/\" or the end"
        } else {
            "names no subscription: it does not start with /subscriptions/<GUID>"
        }
        let draft = expected.map { "the draft's subscription (azureSubscriptionId) is \($0)" }
            ?? "the draft gives no azureSubscriptionId"
        return named == nil ? "\(what) \(names); \(draft)" : "\(what) \(names), but \(draft)"
    }

    private static func remedy(named: TenantGUID?, expected: TenantGUID?) -> String {
        if let expected {
            let elsewhere = named.map { " A resource in subscription \($0) needs its own request, filed under that subscription by whoever may act for it." } ?? ""
            return "Name only resources in subscription \(expected), as full ids starting with /subscriptions/\(expected)/.\(elsewhere)"
        }
        return "Set \"azureSubscriptionId\" to the subscription the resource is in, and name it as a full id starting with /subscriptions/<that GUID>/; or remove the resource id."
    }
}
