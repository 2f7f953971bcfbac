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
    static let escalation = JSONPointer.root.appending("escalation")
    static let escalationTroubleshooted = escalation.appending("troubleshooted")
    static let apiVersion = JSONPointer.root.appending("apiVersion")
    static let serviceRequest = JSONPointer.root.appending("serviceRequest")
    static let azureTicket = JSONPointer.root.appending("azureTicket")
    static let azureProperties = azureTicket.appending("properties")
    static let azureSeverity = azureProperties.appending("severity")
    static let azureContactDetails = azureProperties.appending("contactDetails")
    static let azurePrimaryEmailAddress = azureContactDetails.appending("primaryEmailAddress")
    static let azurePreferredSupportLanguage = azureContactDetails.appending("preferredSupportLanguage")
    static let azureTechnicalTicketDetails = azureProperties.appending("technicalTicketDetails")
    static let azureQuotaTicketDetails = azureProperties.appending("quotaTicketDetails")
}
