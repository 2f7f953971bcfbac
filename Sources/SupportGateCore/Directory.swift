/// The tenant directory (contract section 5): partners and customers, their
/// relationships and entitlements, indexed for constant-time lookups.
public struct Directory: Sendable {
    public let partners: [TenantGUID: Partner]
    /// Compact: a distributor's directory holds up to a million customers.
    public let customers: CustomerTable

    public init(partners: [TenantGUID: Partner], customers: CustomerTable) {
        self.partners = partners
        self.customers = customers
    }

    public static let empty = Directory(partners: [:], customers: .empty)
}

/// A class: deciding passes a partner around several times per draft, and a struct of this
/// many references cost a retain for each at every copy (a tenth of decide's time).
public final class Partner: Sendable {
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

/// One customer: a view into the customers' table, made on lookup without copying anything.
public struct Customer: Sendable {
    let table: CustomerTable
    let position: Int

    public var tenantId: TenantGUID { table.ids[position] }
    public var cloud: Cloud { table.clouds[position] }

    public var name: String {
        String(decoding: table.text[Int(table.nameStarts[position])..<Int(table.nameEnds[position])], as: UTF8.self)
    }

    /// Lower case.
    public var domains: [String] {
        var start = Int(table.nameEnds[position])
        return (Int(table.domainFirst[position])..<Int(table.domainFirst[position + 1])).map { index in
            let end = Int(table.domainEnds[index])
            defer { start = end }
            return String(decoding: table.text[start..<end], as: UTF8.self)
        }
    }

    /// The relationship with this partner, if the customer has one.
    public func relationship(with partner: TenantGUID) -> Relationship? {
        for index in Int(table.relationshipFirst[position])..<Int(table.relationshipFirst[position + 1])
        where table.relationships[index].partner == partner {
            return Relationship(azureAccessGranted: table.relationships[index].azureAccessGranted)
        }
        return nil
    }

    /// Every relationship, by partner.
    public var relationships: [TenantGUID: Relationship] {
        var all: [TenantGUID: Relationship] = [:]
        for index in Int(table.relationshipFirst[position])..<Int(table.relationshipFirst[position + 1]) {
            all[table.relationships[index].partner] = Relationship(azureAccessGranted: table.relationships[index].azureAccessGranted)
        }
        return all
    }

    /// Compared in the table's text, without making a string of each domain.
    public func ownsDomain(_ domain: String) -> Bool {
        var domain = domain
        return domain.withUTF8 { candidate in
            table.text.withUnsafeBufferPointer { text in
                var start = Int(table.nameEnds[position])
                for index in Int(table.domainFirst[position])..<Int(table.domainFirst[position + 1]) {
                    let end = Int(table.domainEnds[index])
                    if EmailAddress.domain(candidate, isWithin: UnsafeBufferPointer(rebasing: text[start..<end])) { return true }
                    start = end
                }
                return false
            }
        }
    }
}

public struct Relationship: Sendable, Hashable {
    public let azureAccessGranted: Bool

    public init(azureAccessGranted: Bool) {
        self.azureAccessGranted = azureAccessGranted
    }
}
