/// Who pays for the request, and what covers it.
public struct Billing: Sendable, Hashable {
    public enum CoveredBy: String, Sendable {
        case cspIncluded = "csp-included"
        case freeBillingSupport = "free-billing-support"
        case signatureCloudSupport = "signature-cloud-support"
        case mpnContract = "mpn-contract"
        case premier, unified
        case azureSupportPlan = "azure-support-plan"
        case partnerPays = "partner-pays"

        init(_ kind: EntitlementKind) {
            switch kind {
            case .csp: self = .cspIncluded
            case .mpnContract: self = .mpnContract
            case .premier: self = .premier
            case .unified: self = .unified
            case .azureSupportPlan: self = .azureSupportPlan
            case .signatureCloudSupport: self = .signatureCloudSupport
            }
        }
    }

    public let charged: Bool
    public let coveredBy: CoveredBy
    /// The entitlement that covers it, when one does.
    public let entitlementId: String?

    public init(charged: Bool, coveredBy: CoveredBy, entitlementId: String? = nil) {
        self.charged = charged
        self.coveredBy = coveredBy
        self.entitlementId = entitlementId
    }
}
