/// The reason codes of the contract (section 3). Errors reject; warnings accept with a note.
public enum ReasonCode: String, ContractEnum {
    // Errors
    case draftUnreadable = "DRAFT_UNREADABLE"
    case draftTooLarge = "DRAFT_TOO_LARGE"
    case draftMalformedJSON = "DRAFT_MALFORMED_JSON"
    case draftUnsupportedVersion = "DRAFT_UNSUPPORTED_VERSION"
    case draftSchemaInvalid = "DRAFT_SCHEMA_INVALID"
    case draftDuplicate = "DRAFT_DUPLICATE"
    /// An extension: the submitter had more drafts (or bytes) waiting than its cap allows.
    case submitterQueueFull = "SUBMITTER_QUEUE_FULL"
    /// An extension: more findings than a result lists (FindingLimits.maxFindings); counts the rest.
    case findingsTruncated = "FINDINGS_TRUNCATED"
    /// An extension: the gate stopped abnormally twice while deciding the draft (a poison
    /// draft); it was not decided again.
    case draftPoison = "DRAFT_POISON"
    case submitterNotAuthorized = "SUBMITTER_NOT_AUTHORIZED"
    case partnerUnknown = "PARTNER_UNKNOWN"
    case partnerSuspended = "PARTNER_SUSPENDED"
    case customerUnknown = "CUSTOMER_UNKNOWN"
    case noResellerRelationship = "NO_RESELLER_RELATIONSHIP"
    case cloudMismatch = "CLOUD_MISMATCH"
    case wrongSigninContext = "WRONG_SIGNIN_CONTEXT"
    case phoneNotSupported = "PHONE_NOT_SUPPORTED"
    case marketplaceNotSupported = "MARKETPLACE_NOT_SUPPORTED"
    case azureAccessNotGranted = "AZURE_ACCESS_NOT_GRANTED"
    case supportPlanNotCSP = "SUPPORT_PLAN_NOT_CSP"
    case contactNotPartner = "CONTACT_NOT_PARTNER"
    case ownTenantNotCovered = "OWN_TENANT_NOT_COVERED"
    /// An extension: the ticket names a resource outside the draft's azureSubscriptionId.
    case resourceOutsideSubscription = "RESOURCE_OUTSIDE_SUBSCRIPTION"
    case entitlementUnknown = "ENTITLEMENT_UNKNOWN"
    case entitlementExpired = "ENTITLEMENT_EXPIRED"
    case entitlementProductMismatch = "ENTITLEMENT_PRODUCT_MISMATCH"
    case entitlementExhausted = "ENTITLEMENT_EXHAUSTED"
    case severityNotEntitled = "SEVERITY_NOT_ENTITLED"
    case azureFeeNotCovered = "AZURE_FEE_NOT_COVERED"
    // Warnings
    case azureFeeCharged = "AZURE_FEE_CHARGED"
    case localLanguageBusinessHours = "LOCAL_LANGUAGE_BUSINESS_HOURS"
    case severityARequires24x7 = "SEVERITY_A_REQUIRES_24X7"
    case escalationUnconfirmed = "ESCALATION_UNCONFIRMED"
    case trialPartner = "TRIAL_PARTNER"

    public var isWarning: Bool {
        switch self {
        case .azureFeeCharged, .localLanguageBusinessHours, .severityARequires24x7,
             .escalationUnconfirmed, .trialPartner:
            true
        default:
            false
        }
    }
}
