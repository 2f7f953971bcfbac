import StrictJSON

/// Pointers to the draft's top-level fields, built once: findings point at them,
/// and building them on every decision cost more than the rules themselves.
enum DraftField {
    static let draftId = JSONPointer.root.appending("draftId")
    static let partnerTenantId = JSONPointer.root.appending("partnerTenantId")
    static let customerTenantId = JSONPointer.root.appending("customerTenantId")
    static let cloud = JSONPointer.root.appending("cloud")
    static let via = JSONPointer.root.appending("via")
    static let channel = JSONPointer.root.appending("channel")
    static let product = JSONPointer.root.appending("product")
    static let entitlement = JSONPointer.root.appending("entitlement")
    static let entitlementKind = entitlement.appending("kind")
    static let entitlementId = entitlement.appending("id")
    static let azureSubscriptionId = JSONPointer.root.appending("azureSubscriptionId")
    static let escalationTroubleshooted = JSONPointer.root.appending("escalation").appending("troubleshooted")
}
