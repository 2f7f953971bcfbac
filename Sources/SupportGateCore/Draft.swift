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
    /// Azure only: the resource ids the body names (technicalTicketDetails.resourceId, and
    /// those in quota change request payloads), in the order they appear.
    public var resourceIds: [ResourceReference] = []
}

/// An Azure resource id named in a ticket body, and where it stands.
public struct ResourceReference: Sendable, Hashable {
    /// The id as written, e.g. "/subscriptions/…/resourceGroups/…/providers/…".
    public let id: String
    /// The string that holds it: the resourceId itself, or the quota payload it is in.
    public let field: JSONPointer
    /// Inside a quota payload that is JSON: the pointer to the id within that payload.
    public let payloadPointer: JSONPointer?

    private static let subscriptionsPrefix = Array("/subscriptions/".utf8)
    private static let guidLength = 36

    /// The subscription the id names: it starts with "/subscriptions/" in any letter case,
    /// then a GUID (either case), then "/" or the end. Nil when it names none.
    public var subscription: TenantGUID? {
        let bytes = Array(id.utf8)
        let start = Self.subscriptionsPrefix.count
        let end = start + Self.guidLength
        guard Self.startsWithSubscriptions(bytes), bytes.count >= end,
              bytes.count == end || bytes[end] == UInt8(ascii: "/") else { return nil }
        return TenantGUID(String(decoding: bytes[start..<end], as: UTF8.self))
    }

    /// What stands where the subscription belongs: the text after "/subscriptions/" up to
    /// the next "/", or nil when the id does not start with "/subscriptions/".
    public var subscriptionSegment: String? {
        let bytes = Array(id.utf8)
        guard Self.startsWithSubscriptions(bytes) else { return nil }
        let rest = bytes[Self.subscriptionsPrefix.count...]
        return String(decoding: rest.prefix { $0 != UInt8(ascii: "/") }, as: UTF8.self)
    }

    /// Whether the bytes start with "/subscriptions/", ignoring ASCII letter case.
    static func startsWithSubscriptions(_ bytes: some Sequence<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        for expected in subscriptionsPrefix {
            guard var byte = iterator.next() else { return false }
            if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte += 0x20 }
            guard byte == expected else { return false }
        }
        return true
    }
}

/// One contact address of a ticket, its domain worked out once at parse time.
public struct ContactEmail: Sendable, Hashable {
    public let address: String
    public let domain: String
    public let field: JSONPointer
}
