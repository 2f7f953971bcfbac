/// A closed set of string values from the contract (clouds, products, …).
/// Parsing is exact; a near miss gets a "did you mean" hint.
public protocol ContractEnum: RawRepresentable, CaseIterable, Sendable, Hashable where RawValue == String {}

extension ContractEnum {
    public static var allowedValuesText: String {
        allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
    }

    /// "did you mean …" for a value that is not one of the cases, if one is close.
    public static func suggestion(for value: String) -> String? {
        NameSuggestion.closest(to: value, among: allCases.map(\.rawValue))
    }
}

public enum Cloud: String, ContractEnum {
    case `public`, usgov, germany
}

public enum Via: String, ContractEnum {
    case partnerCenter = "partner-center"
    case azurePortal = "azure-portal"
    case office365AdminCenter = "office365-admin-center"
}

public enum Channel: String, ContractEnum {
    case web, phone
}

public enum Product: String, ContractEnum {
    case azure, office365, dynamics365, ems, marketplace
}

public enum Category: String, ContractEnum {
    case technical, billing
    case billingDispute = "billing-dispute"
    case subscriptionManagement = "subscription-management"
    case fraud, quota

    /// Rule 7: free for customers and own tenant alike, no entitlement needed.
    public var isFreeBillingSupport: Bool {
        switch self {
        case .billing, .billingDispute, .subscriptionManagement, .fraud: true
        case .technical, .quota: false
        }
    }
}

public enum EntitlementKind: String, ContractEnum {
    case csp
    case mpnContract = "mpn-contract"
    case premier, unified
    case azureSupportPlan = "azure-support-plan"
    case signatureCloudSupport = "signature-cloud-support"
}

public enum Severity: String, ContractEnum {
    case aPlus = "A+"
    case a = "A"
    case b = "B"
    case c = "C"
}

public enum PartnerProgram: String, ContractEnum {
    case direct
    case indirectProvider = "indirect-provider"
    case indirectReseller = "indirect-reseller"
}

public enum PartnerStatus: String, ContractEnum {
    case active, suspended, terminated, pending
}
