import StrictJSON

/// A draft that passed rule 1 (read, parse, version, schema): every field
/// typed, defaults filled in, the payload kept exactly as written.
public struct Draft: Sendable {
    public var draftId: String?
    public var partnerTenantId: TenantGUID
    public var customerTenantId: TenantGUID?
    public var cloud: Cloud
    public var via: Via
    public var channel: Channel
    public var product: Product
    public var category: Category
    public var breakFix: Bool
    public var entitlement: EntitlementClaim
    public var azureSubscriptionId: TenantGUID?
    public var escalationConfirmed: Bool
    public var payload: TicketPayload?

    /// Absent, or equal to the partner: the partner's own tenant.
    public var isOwnTenant: Bool {
        customerTenantId == nil || customerTenantId == partnerTenantId
    }

    /// The customer the request is for, if it is a customer request.
    public var customer: TenantGUID? {
        isOwnTenant ? nil : customerTenantId
    }
}

/// The support plan a draft claims (`entitlement`).
public struct EntitlementClaim: Sendable, Hashable {
    public var kind: EntitlementKind
    public var id: String?
    /// False when the draft left `entitlement` out and `csp` was assumed.
    public var isExplicit: Bool

    public static let defaultCSP = EntitlementClaim(kind: .csp, id: nil, isExplicit: false)
}

/// The ticket body: what the next stage submits, plus what the rules read from it.
public struct TicketPayload: Sendable {
    public enum Target: String, Sendable {
        case azureSupportAPI = "azure-support-api"
        case partnerCenter = "partner-center"
    }

    public var target: Target
    /// Exactly as the draft had it; submitted unchanged.
    public var body: JSONValue
    /// Azure only: the api-version the body is valid for, named in the submission path.
    public var azureAPIVersion: AzureAPIVersion?
    public var severity: Severity
    public var severityField: JSONPointer
    /// The contact's e-mail addresses, each with its lower-cased domain and where it stands in the draft.
    public var contactEmails: [ContactEmail]
    /// BCP 47 tag, e.g. "en-US" or "ja-JP".
    public var supportLanguage: String
    /// Where the language was given; nil when the default (en-US) applies.
    public var supportLanguageField: JSONPointer?
    /// Azure only: the requester explicitly asked for, or declined, a 24x7 response.
    public var require24x7Response: Bool?
}

/// One contact address of a ticket, its domain worked out once at parse time.
public struct ContactEmail: Sendable, Hashable {
    public let address: String
    public let domain: String
    public let field: JSONPointer
}
