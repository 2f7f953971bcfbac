/// The api-versions of the Azure Support API a submission can name. A create body
/// is sent with the newest version it is valid for.
public enum AzureAPIVersion: String, Sendable, CaseIterable {
    case v2024_04_01 = "2024-04-01"
    /// Only for a body without `advancedDiagnosticConsent` (which 2024-04-01 requires)
    /// that fits this version, at subscription scope: 2020-04-01 has no tenant-scope create.
    case v2020_04_01 = "2020-04-01"

    /// Writable in 2024-04-01 and unknown to 2020-04-01.
    static let propertiesNewIn2024 = [
        "advancedDiagnosticConsent", "problemScopingQuestions", "supportPlanId", "fileWorkspaceName", "secondaryConsent",
    ]
    /// Writable in 2024-04-01, set by Azure (read-only) in 2020-04-01.
    static let propertiesReadOnlyIn2020 = ["enrollmentId"]
}

/// Where an Azure ticket is created: under the subscription it is about, or for the tenant.
public enum AzureTicketScope: Sendable, Hashable {
    case subscription(TenantGUID)
    case tenant

    /// Technical and quota requests at subscription scope; billing, subscription
    /// management and the other free categories at tenant scope.
    static func of(category: Category, subscription: TenantGUID?) -> AzureTicketScope {
        if let subscription, category == .technical || category == .quota {
            return .subscription(subscription)
        }
        return .tenant
    }
}
