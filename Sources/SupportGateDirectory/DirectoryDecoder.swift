import BusinessCalendar
import StrictJSON
import SupportGateCore

/// A problem in the tenant directory, located by JSON Pointer.
public struct DirectoryProblem: Sendable, Hashable, CustomStringConvertible {
    public let field: JSONPointer
    public let message: String

    public var description: String { "\(field.description.isEmpty ? "/" : field.description): \(message)" }
}

/// Turns the directory document into a `Directory`, strictly: unknown fields, bad GUIDs,
/// duplicate tenants and dangling relationships are errors. From bytes, each partner and
/// customer is decoded as soon as it is parsed and its parse tree dropped, so memory
/// follows the compact directory, not a tree of the whole document (a distributor's has a
/// million customers).
public struct DirectoryDecoder {
    public static let maxProblems = 50
    package static let partnerFields = ["tenantId", "name", "cloud", "status", "program", "trial", "domains", "submitters", "entitlements"]
    package static let entitlementFields = ["id", "kind", "products", "subscriptionId", "validFrom", "validUntil", "incidents"]
    package static let customerFields = ["tenantId", "name", "cloud", "domains", "relationships"]
    static let streamedLists: Set<String> = ["partners", "customers"]

    private var problems: [DirectoryProblem] = []
    private var partners: [TenantGUID: Partner] = [:]
    private var customers = CustomerTableBuilder()
    /// Document indices of customers that did not decode, so the table's positions map back to them.
    private var skippedCustomers: [Int] = []

    /// Why a directory was refused: it is not JSON, or it is JSON that breaks the contract.
    public enum Failure: Error, Sendable {
        case syntax(JSONParseError)
        case problems([DirectoryProblem])
    }

    public static func decode(_ bytes: UnsafeRawBufferPointer) -> Result<Directory, Failure> {
        decode { skim, element throws(JSONParseError) in
            try JSONParser.parse(bytes, streaming: streamedLists, skim: skim, element: element)
        }
    }

    /// The directory read piece by piece (`JSONParser.parse(reading:…)`): memory follows the
    /// compact directory and a window of the file, never the whole file. A failed `read` ends
    /// in a syntax failure of kind `.unreadable`; the reader knows why.
    public static func decode(reading read: (UnsafeMutableRawBufferPointer) -> Int?,
                              window: Int = JSONParser.defaultWindowBytes) -> Result<Directory, Failure> {
        decode { skim, element throws(JSONParseError) in
            try JSONParser.parse(reading: read, window: window, streaming: streamedLists, skim: skim, element: element)
        }
    }

    private static func decode(
        parse: (@escaping (String, Int, UnsafeRawBufferPointer) -> Int?, (String, Int, JSONValue) -> Void) throws(JSONParseError) -> JSONValue
    ) -> Result<Directory, Failure> {
        var decoder = DirectoryDecoder()
        let root: JSONValue
        do {
            // Customers of the common shape are read straight from their bytes; partners, and
            // customers of any other shape, are parsed and decoded with every check and a
            // located problem.
            root = try parse({ key, _, element in
                key == "customers" ? CustomerSkimmer.skim(element, into: &decoder.customers) : nil
            }, { key, index, element in
                decoder.take(key, index, element)
            })
        } catch {
            return .failure(.syntax(error))
        }
        guard let directory = decoder.finish(root) else { return .failure(.problems(decoder.problems)) }
        return .success(directory)
    }

    /// A document already parsed whole (tests, tools).
    public static func decode(_ root: JSONValue) -> Result<Directory, DirectoryDecodingError> {
        var decoder = DirectoryDecoder()
        var rest = root
        if case .object(var object) = root {
            for key in ["partners", "customers"] {
                guard let items = object[key]?.arrayValue else { continue }
                for (index, item) in items.enumerated() { decoder.take(key, index, item) }
                object[key] = .array([])
            }
            rest = .object(object)
        }
        guard let directory = decoder.finish(rest) else { return .failure(DirectoryDecodingError(problems: decoder.problems)) }
        return .success(directory)
    }

    mutating func fail(_ field: JSONPointer, _ message: String) {
        if problems.count < Self.maxProblems {
            problems.append(DirectoryProblem(field: field, message: message))
        }
    }

    /// One element of the top-level "partners" or "customers" array, as it is parsed.
    private mutating func take(_ key: String, _ index: Int, _ item: JSONValue) {
        let pointer = { JSONPointer.root.appending(key).appending(index) }
        if key == "partners" {
            guard let partner = decodePartner(item, at: pointer()) else { return }
            add(partner, at: index)
        } else if !decodeCustomer(item, at: pointer()) {
            skippedCustomers.append(index)
        }
    }

    private mutating func add(_ partner: Partner, at index: Int) {
        if partners.updateValue(partner, forKey: partner.tenantId) != nil {
            fail(JSONPointer.root.appending("partners").appending(index).appending("tenantId"), "partner \(partner.tenantId) is listed twice")
        }
    }

    /// The rest of the document, once every partner and customer was taken: the top level's
    /// own fields, customers listed twice, and relationships with partners the directory does
    /// not have (the partners may come after the customers). Nil when there are problems.
    private mutating func finish(_ root: JSONValue) -> Directory? {
        guard let object = root.objectValue else {
            fail(.root, "the directory must be a JSON object with \"partners\" and \"customers\", not \(root.typeName)")
            return nil
        }
        checkKeys(object, at: .root, allowed: ["partners", "customers"])
        for key in ["partners", "customers"] {
            // Streamed arrays come back empty; a value that is not an array is reported here.
            for (index, item) in list(object, key, at: .root).enumerated() { take(key, index, item) }
        }
        let table = customers.table()
        customers = CustomerTableBuilder()
        func documentIndex(_ position: Int) -> Int {
            var index = position
            for skipped in skippedCustomers where skipped <= index { index += 1 }
            return index
        }
        for position in table.duplicates {
            fail(JSONPointer.root.appending("customers").appending(documentIndex(position)).appending("tenantId"),
                 "customer \(table.ids[position]) is listed twice")
        }
        for position in 0..<table.count {
            let first = Int(table.relationshipFirst[position])
            for index in first..<Int(table.relationshipFirst[position + 1]) where partners[table.relationships[index].partner] == nil {
                fail(JSONPointer.root.appending("customers").appending(documentIndex(position)).appending("relationships")
                        .appending(index - first).appending("partnerTenantId"),
                     "partner \(table.relationships[index].partner) is not in \"partners\"")
            }
        }
        guard problems.isEmpty else { return nil }
        return Directory(partners: partners, customers: table)
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
            // Pointers are made only for a problem: a million-customer directory's partners
            // would otherwise build one for every field that decodes cleanly.
            func submittersPointer() -> JSONPointer { pointer().appending("submitters") }
            if let submittersObject = submitters.objectValue {
                checkKeys(submittersObject, at: submittersPointer(), allowed: ["uids", "groups"])
                for (index, uid) in list(submittersObject, "uids", at: submittersPointer()).enumerated() {
                    if let number = uid.numberValue?.int64Value, let value = UInt32(exactly: number) {
                        uids.insert(value)
                    } else {
                        fail(submittersPointer().appending("uids").appending(index), "a uid must be a whole number from 0 to 4294967295")
                    }
                }
                groups = Set(strings(submittersObject, "groups", at: submittersPointer()))
            } else {
                fail(submittersPointer(), "\"submitters\" must be an object { \"uids\": […], \"groups\": […] }")
            }
        }
        var entitlements: [Entitlement] = []
        var entitlementIds: Set<String> = []
        for (index, item) in list(object, "entitlements", at: pointer()).enumerated() {
            func entitlementPointer() -> JSONPointer { pointer().appending("entitlements").appending(index) }
            guard let entitlement = decodeEntitlement(item, at: entitlementPointer()) else { continue }
            if !entitlementIds.insert(entitlement.id).inserted {
                fail(entitlementPointer().appending("id"), "entitlement id \"\(entitlement.id)\" is used twice for this partner")
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

    /// Adds the customer to the table; false when it has problems (recorded).
    private mutating func decodeCustomer(_ value: JSONValue, at pointer: @autoclosure () -> JSONPointer) -> Bool {
        guard let object = value.objectValue else {
            fail(pointer(), "a customer must be an object, not \(value.typeName)")
            return false
        }
        let problemsBefore = problems.count
        checkKeys(object, at: pointer(), allowed: Self.customerFields)
        let tenantId = guid(object, "tenantId", at: pointer(), required: true)
        let name = string(object, "name", at: pointer()) ?? ""
        let cloud = enumeration(Cloud.self, object, "cloud", at: pointer()) ?? .public
        let domains = strings(object, "domains", at: pointer())
        var relationships: [(partner: TenantGUID, azureAccessGranted: Bool)] = []
        for (index, item) in list(object, "relationships", at: pointer()).enumerated() {
            func relationPointer() -> JSONPointer { pointer().appending("relationships").appending(index) }
            guard let relation = item.objectValue else {
                fail(relationPointer(), "a relationship must be an object, not \(item.typeName)")
                continue
            }
            checkKeys(relation, at: relationPointer(), allowed: ["partnerTenantId", "azureAccessGranted"])
            guard let partner = guid(relation, "partnerTenantId", at: relationPointer(), required: true) else { continue }
            let granted = bool(relation, "azureAccessGranted", at: relationPointer()) ?? false
            if relationships.contains(where: { $0.partner == partner }) {
                fail(relationPointer().appending("partnerTenantId"), "a relationship with partner \(partner) is listed twice")
            }
            relationships.append((partner, granted))
        }
        // A customer with problems stays out of the table: the directory is refused anyway,
        // and the table's positions then skip it (`skippedCustomers`).
        guard let tenantId, problems.count == problemsBefore else { return false }
        guard customers.append(id: tenantId, name: name, cloud: cloud, domains: domains, relationships: relationships) else {
            fail(pointer(), "the directory's customers hold more than 4 GB of names and domains, or 4 billion domains or relationships, more than the gate can index")
            return false
        }
        return true
    }
}

public struct DirectoryDecodingError: Error, Sendable, CustomStringConvertible {
    public let problems: [DirectoryProblem]

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
