import BusinessCalendar

/// A support entitlement a partner holds (never `csp`: that plan is implied by the CSP agreement).
public struct Entitlement: Sendable, Hashable {
    public let id: String
    public let kind: EntitlementKind
    public let products: Set<Product>
    /// Azure support plans only: the one subscription the plan covers.
    public let subscriptionId: TenantGUID?
    public let validFrom: Timestamp?
    public let validUntil: Timestamp?
    /// nil: unlimited.
    public let incidents: Int?

    public init(id: String, kind: EntitlementKind, products: Set<Product>, subscriptionId: TenantGUID?,
                validFrom: Timestamp?, validUntil: Timestamp?, incidents: Int?) {
        self.id = id
        self.kind = kind
        self.products = products
        self.subscriptionId = subscriptionId
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.incidents = incidents
    }

    /// Valid from `validFrom` (inclusive) until `validUntil` (exclusive).
    public func isValid(at instant: Timestamp) -> Bool {
        if let validFrom, instant < validFrom { return false }
        if let validUntil, instant >= validUntil { return false }
        return true
    }

    /// With `inUse` incidents recorded against it: `incidents` is the allowance for the
    /// validity window, and `null` is unlimited.
    public func hasIncidentsLeft(inUse: Int) -> Bool {
        incidents.map { $0 - inUse > 0 } ?? true
    }

    /// The reason it does not cover this product (and, for an Azure plan, this subscription), or nil.
    public func productProblem(product: Product, subscription: TenantGUID?) -> String? {
        guard products.contains(product) else {
            let covered = products.map(\.rawValue).sorted().joined(separator: ", ")
            return "entitlement \"\(id)\" covers \(covered.isEmpty ? "no product" : covered), not \(product.rawValue)"
        }
        if kind == .azureSupportPlan, let planSubscription = subscriptionId, subscription != planSubscription {
            let asked = subscription.map { "subscription \($0)" } ?? "a request without azureSubscriptionId"
            return "Azure support plan \"\(id)\" covers only subscription \(planSubscription), not \(asked)"
        }
        return nil
    }
}
