/// The tenant directory (contract section 5): partners and customers, their
/// relationships and entitlements, indexed for constant-time lookups.
public struct Directory: Sendable {
    public let partners: [TenantGUID: Partner]
    public let customers: [TenantGUID: Customer]

    public init(partners: [TenantGUID: Partner], customers: [TenantGUID: Customer]) {
        self.partners = partners
        self.customers = customers
    }

    public static let empty = Directory(partners: [:], customers: [:])
}

public struct Partner: Sendable {
    public let tenantId: TenantGUID
    public let name: String
    public let cloud: Cloud
    public let status: PartnerStatus
    public let program: PartnerProgram
    public let trial: Bool
    /// Lower case.
    public let domains: [String]
    public let submitterUIDs: Set<UInt32>
    public let submitterGroups: Set<String>
    /// Sorted by id.
    public let entitlements: [Entitlement]

    public init(tenantId: TenantGUID, name: String, cloud: Cloud, status: PartnerStatus, program: PartnerProgram,
                trial: Bool, domains: [String], submitterUIDs: Set<UInt32>, submitterGroups: Set<String>,
                entitlements: [Entitlement]) {
        self.tenantId = tenantId
        self.name = name
        self.cloud = cloud
        self.status = status
        self.program = program
        self.trial = trial
        self.domains = domains.map { $0.lowercased() }
        self.submitterUIDs = submitterUIDs
        self.submitterGroups = submitterGroups
        self.entitlements = entitlements.sorted { $0.id < $1.id }
    }

    public func ownsDomain(_ domain: String) -> Bool {
        domains.contains { EmailAddress.domain(domain, isWithin: $0) }
    }
}

public struct Customer: Sendable {
    public let tenantId: TenantGUID
    public let name: String
    public let cloud: Cloud
    /// Lower case.
    public let domains: [String]
    public let relationships: [TenantGUID: Relationship]

    public init(tenantId: TenantGUID, name: String, cloud: Cloud, domains: [String], relationships: [TenantGUID: Relationship]) {
        self.tenantId = tenantId
        self.name = name
        self.cloud = cloud
        self.domains = domains.map { $0.lowercased() }
        self.relationships = relationships
    }

    public func ownsDomain(_ domain: String) -> Bool {
        domains.contains { EmailAddress.domain(domain, isWithin: $0) }
    }
}

public struct Relationship: Sendable, Hashable {
    public let azureAccessGranted: Bool

    public init(azureAccessGranted: Bool) {
        self.azureAccessGranted = azureAccessGranted
    }
}
