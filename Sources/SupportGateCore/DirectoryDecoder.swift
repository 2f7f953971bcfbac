import BusinessCalendar
import StrictJSON

/// A problem in the tenant directory, located by JSON Pointer.
public struct DirectoryProblem: Sendable, Hashable, CustomStringConvertible {
    public let field: JSONPointer
    public let message: String

    public var description: String { "\(field.description.isEmpty ? "/" : field.description): \(message)" }
}

/// Turns the parsed directory document into a `Directory`, strictly: unknown
/// fields, bad GUIDs, duplicate tenants and dangling relationships are errors.
public struct DirectoryDecoder {
    public static let maxProblems = 50
    static let partnerFields = ["tenantId", "name", "cloud", "status", "program", "trial", "domains", "submitters", "entitlements"]
    static let entitlementFields = ["id", "kind", "products", "subscriptionId", "validFrom", "validUntil", "incidents"]
    static let customerFields = ["tenantId", "name", "cloud", "domains", "relationships"]

    private var problems: [DirectoryProblem] = []

    public static func decode(_ root: JSONValue) -> Result<Directory, DirectoryDecodingError> {
        var decoder = DirectoryDecoder()
        let directory = decoder.decodeRoot(root)
        if decoder.problems.isEmpty, let directory {
            return .success(directory)
        }
        return .failure(DirectoryDecodingError(problems: decoder.problems))
    }

    mutating func fail(_ field: JSONPointer, _ message: String) {
        if problems.count < Self.maxProblems {
            problems.append(DirectoryProblem(field: field, message: message))
        }
    }

    private mutating func decodeRoot(_ root: JSONValue) -> Directory? {
        guard let object = root.objectValue else {
            fail(.root, "the directory must be a JSON object with \"partners\" and \"customers\", not \(root.typeName)")
            return nil
        }
        checkKeys(object, at: .root, allowed: ["partners", "customers"])
        var partners: [TenantGUID: Partner] = [:]
        let partnerList = list(object, "partners", at: .root)
        partners.reserveCapacity(partnerList.count)
        for (index, item) in partnerList.enumerated() {
            let pointer = { JSONPointer.root.appending("partners").appending(index) }
            guard let partner = decodePartner(item, at: pointer()) else { continue }
            if partners.updateValue(partner, forKey: partner.tenantId) != nil {
                fail(pointer().appending("tenantId"), "partner \(partner.tenantId) is listed twice")
            }
        }
        var customers: [TenantGUID: Customer] = [:]
        let customerList = list(object, "customers", at: .root)
        customers.reserveCapacity(customerList.count)
        for (index, item) in customerList.enumerated() {
            let pointer = { JSONPointer.root.appending("customers").appending(index) }
            guard let customer = decodeCustomer(item, at: pointer(), partners: partners) else { continue }
            if customers.updateValue(customer, forKey: customer.tenantId) != nil {
                fail(pointer().appending("tenantId"), "customer \(customer.tenantId) is listed twice")
            }
        }
        return Directory(partners: partners, customers: customers)
    }

    private mutating func decodePartner(_ value: JSONValue, at pointer: @autoclosure () -> JSONPointer) -> Partner? {
        guard let object = value.objectValue else {
            fail(pointer(), "a partner must be an object, not \(value.typeName)")
            return nil
        }
        checkKeys(object, at: pointer(), allowed: Self.partnerFields)
        let tenantId = guid(object, "tenantId", at: pointer(), required: true)
        let name = string(object, "name", at: pointer()) ?? ""
        let cloud = enumeration(Cloud.self, object, "cloud", at: pointer()) ?? .public
        let status = enumeration(PartnerStatus.self, object, "status", at: pointer()) ?? .active
        let program = enumeration(PartnerProgram.self, object, "program", at: pointer())
        let trial = bool(object, "trial", at: pointer()) ?? false
        let domains = strings(object, "domains", at: pointer())
        var uids: Set<UInt32> = []
        var groups: Set<String> = []
        if let submitters = object["submitters"] {
            let submittersPointer = pointer().appending("submitters")
            if let submittersObject = submitters.objectValue {
                checkKeys(submittersObject, at: submittersPointer, allowed: ["uids", "groups"])
                for (index, uid) in list(submittersObject, "uids", at: submittersPointer).enumerated() {
                    if let number = uid.numberValue?.int64Value, let value = UInt32(exactly: number) {
                        uids.insert(value)
                    } else {
                        fail(submittersPointer.appending("uids").appending(index), "a uid must be a whole number from 0 to 4294967295")
                    }
                }
                groups = Set(strings(submittersObject, "groups", at: submittersPointer))
            } else {
                fail(submittersPointer, "\"submitters\" must be an object { \"uids\": […], \"groups\": […] }")
            }
        }
        var entitlements: [Entitlement] = []
        var entitlementIds: Set<String> = []
        for (index, item) in list(object, "entitlements", at: pointer()).enumerated() {
            let entitlementPointer = pointer().appending("entitlements").appending(index)
            guard let entitlement = decodeEntitlement(item, at: entitlementPointer) else { continue }
            if !entitlementIds.insert(entitlement.id).inserted {
                fail(entitlementPointer.appending("id"), "entitlement id \"\(entitlement.id)\" is used twice for this partner")
            }
            entitlements.append(entitlement)
        }
        guard let tenantId, let program else {
            if object["program"] == nil { fail(pointer().appending("program"), "required field \"program\" is missing (\(PartnerProgram.allowedValuesText))") }
            return nil
        }
        return Partner(tenantId: tenantId, name: name, cloud: cloud, status: status, program: program, trial: trial,
                       domains: domains, submitterUIDs: uids, submitterGroups: groups, entitlements: entitlements)
    }

    private mutating func decodeEntitlement(_ value: JSONValue, at pointer: @autoclosure () -> JSONPointer) -> Entitlement? {
        guard let object = value.objectValue else {
            fail(pointer(), "an entitlement must be an object, not \(value.typeName)")
            return nil
        }
        checkKeys(object, at: pointer(), allowed: Self.entitlementFields)
        let id = string(object, "id", at: pointer(), required: true)
        let kind = enumeration(EntitlementKind.self, object, "kind", at: pointer(), required: true)
        if kind == .csp {
            fail(pointer().appending("kind"), "\"csp\" is not a directory entitlement: every CSP partner has that plan")
        }
        var products: Set<Product> = []
        for (index, text) in strings(object, "products", at: pointer()).enumerated() {
            if let product = Product(rawValue: text) {
                products.insert(product)
            } else {
                fail(pointer().appending("products").appending(index), unknownValue(text, of: Product.self))
            }
        }
        let subscription = guid(object, "subscriptionId", at: pointer(), required: kind == .azureSupportPlan)
        if kind == .azureSupportPlan, products != [.azure], object["products"] != nil {
            fail(pointer().appending("products"), "an Azure support plan covers exactly [\"azure\"]")
        }
        if let kind, kind != .azureSupportPlan, object["subscriptionId"] != nil {
            fail(pointer().appending("subscriptionId"), "only an azure-support-plan entitlement is tied to a subscription")
        }
        let validFrom = timestamp(object, "validFrom", at: pointer())
        let validUntil = timestamp(object, "validUntil", at: pointer())
        if let validFrom, let validUntil, validUntil <= validFrom {
            fail(pointer().appending("validUntil"), "\"validUntil\" \(validUntil) is not after \"validFrom\" \(validFrom)")
        }
        var incidents: Int?
        if let value = object["incidents"], !value.isNull {
            if let number = value.numberValue?.int64Value, number >= 0, let count = Int(exactly: number) {
                incidents = count
            } else {
                fail(pointer().appending("incidents"), "\"incidents\" must be a whole number ≥ 0, or null for unlimited")
            }
        }
        guard let id, let kind else { return nil }
        return Entitlement(id: id, kind: kind, products: kind == .azureSupportPlan && products.isEmpty ? [.azure] : products,
                           subscriptionId: subscription, validFrom: validFrom, validUntil: validUntil, incidents: incidents)
    }

    private mutating func decodeCustomer(_ value: JSONValue, at pointer: @autoclosure () -> JSONPointer, partners: [TenantGUID: Partner]) -> Customer? {
        guard let object = value.objectValue else {
            fail(pointer(), "a customer must be an object, not \(value.typeName)")
            return nil
        }
        checkKeys(object, at: pointer(), allowed: Self.customerFields)
        let tenantId = guid(object, "tenantId", at: pointer(), required: true)
        let name = string(object, "name", at: pointer()) ?? ""
        let cloud = enumeration(Cloud.self, object, "cloud", at: pointer()) ?? .public
        let domains = strings(object, "domains", at: pointer())
        var relationships: [TenantGUID: Relationship] = [:]
        for (index, item) in list(object, "relationships", at: pointer()).enumerated() {
            func relationPointer() -> JSONPointer { pointer().appending("relationships").appending(index) }
            guard let relation = item.objectValue else {
                fail(relationPointer(), "a relationship must be an object, not \(item.typeName)")
                continue
            }
            checkKeys(relation, at: relationPointer(), allowed: ["partnerTenantId", "azureAccessGranted"])
            guard let partner = guid(relation, "partnerTenantId", at: relationPointer(), required: true) else { continue }
            if partners[partner] == nil {
                fail(relationPointer().appending("partnerTenantId"), "partner \(partner) is not in \"partners\"")
            }
            let granted = bool(relation, "azureAccessGranted", at: relationPointer()) ?? false
            if relationships.updateValue(Relationship(azureAccessGranted: granted), forKey: partner) != nil {
                fail(relationPointer().appending("partnerTenantId"), "a relationship with partner \(partner) is listed twice")
            }
        }
        guard let tenantId else { return nil }
        return Customer(tenantId: tenantId, name: name, cloud: cloud, domains: domains, relationships: relationships)
    }
}

public struct DirectoryDecodingError: Error, Sendable, CustomStringConvertible {
    public let problems: [DirectoryProblem]

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
