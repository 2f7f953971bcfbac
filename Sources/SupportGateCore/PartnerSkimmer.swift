import BusinessCalendar

/// The common shape of a directory partner, read straight from its bytes without a parse
/// tree: an object of the partner fields, each once, whose strings are plain printable ASCII
/// without escapes, with a valid GUID, known enumeration values, uids as plain whole numbers,
/// and entitlements that `DirectoryDecoder` would accept as they are. Anything else (another
/// field, an escape, non-ASCII text, a null where the decoder reads one, a rule an
/// entitlement breaks) is left to the parser and the decoder, which accept or refuse it with
/// a located problem; so this is never looser than they are, only faster where they would
/// accept. A distributor's directory has tens of thousands of partners.
enum PartnerSkimmer {
    /// The partner and the count of bytes it takes; nil to leave it to the parser.
    static func skim(_ bytes: UnsafeRawBufferPointer) -> (partner: Partner, length: Int)? {
        var skimmer = ByteSkimmer(bytes)
        guard let partner = partner(&skimmer) else { return nil }
        return (partner, skimmer.position)
    }

    /// Keys are matched on their bytes, in the order of these cases, without making strings.
    enum PartnerField: Int {
        case tenantId, name, cloud, status, program, trial, domains, submitters, entitlements
        static let keys: [StaticString] = ["tenantId", "name", "cloud", "status", "program", "trial", "domains", "submitters", "entitlements"]
    }

    enum EntitlementField: Int {
        case id, kind, products, subscriptionId, validFrom, validUntil, incidents
        static let keys: [StaticString] = ["id", "kind", "products", "subscriptionId", "validFrom", "validUntil", "incidents"]
    }

    /// The next key, one of `Field`'s and not seen before (marked in `seen`).
    private static func field<Field: RawRepresentable<Int>>(_ skimmer: inout ByteSkimmer, keys: [StaticString], seen: inout UInt16) -> Field? {
        guard let index = skimmer.key(in: keys), seen & 1 << index == 0, skimmer.take(UInt8(ascii: ":")) else { return nil }
        seen |= 1 << index
        return Field(rawValue: index)
    }

    private static func partner(_ skimmer: inout ByteSkimmer) -> Partner? {
        guard skimmer.take(UInt8(ascii: "{")) else { return nil }
        var seen: UInt16 = 0
        var tenantId: TenantGUID?
        var name = ""
        var cloud = Cloud.public
        var status = PartnerStatus.active
        var program: PartnerProgram?
        var trial = false
        var domains: [String] = []
        var uids: Set<UInt32> = []
        var groups: Set<String> = []
        var entitlements: [Entitlement] = []
        repeat {
            guard let field: PartnerField = field(&skimmer, keys: PartnerField.keys, seen: &seen) else { return nil }
            switch field {
            case .tenantId:
                guard let id = skimmer.guid() else { return nil }
                tenantId = id
            case .name:
                guard let text = skimmer.text() else { return nil }
                name = text
            case .cloud:
                guard let value = skimmer.enumeration(Cloud.self) else { return nil }
                cloud = value
            case .status:
                guard let value = skimmer.enumeration(PartnerStatus.self) else { return nil }
                status = value
            case .program:
                guard let value = skimmer.enumeration(PartnerProgram.self) else { return nil }
                program = value
            case .trial:
                guard let flag = skimmer.boolean() else { return nil }
                trial = flag
            case .domains:
                guard let list = skimmer.list({ (skimmer: inout ByteSkimmer) in skimmer.text() }) else { return nil }
                domains = list
            case .submitters:
                guard let submitters = submitters(&skimmer) else { return nil }
                (uids, groups) = submitters
            case .entitlements:
                guard let list = skimmer.list(entitlement), distinctIds(list) else { return nil }
                entitlements = list
            }
        } while skimmer.take(UInt8(ascii: ","))
        guard skimmer.take(UInt8(ascii: "}")), let tenantId, let program else { return nil }
        return Partner(tenantId: tenantId, name: name, cloud: cloud, status: status, program: program, trial: trial,
                       domains: domains, submitterUIDs: uids, submitterGroups: groups, entitlements: entitlements)
    }

    private static func distinctIds(_ entitlements: [Entitlement]) -> Bool {
        guard entitlements.count > 8 else {
            return entitlements.indices.allSatisfy { index in !entitlements[..<index].contains { $0.id == entitlements[index].id } }
        }
        return Set(entitlements.map(\.id)).count == entitlements.count
    }

    /// `{ "uids": [whole numbers], "groups": [strings] }`, either or both, or `{}`.
    private static func submitters(_ skimmer: inout ByteSkimmer) -> (Set<UInt32>, Set<String>)? {
        guard skimmer.take(UInt8(ascii: "{")) else { return nil }
        var uids: Set<UInt32>?
        var groups: Set<String>?
        if skimmer.take(UInt8(ascii: "}")) { return ([], []) }
        repeat {
            guard let key = skimmer.text(), skimmer.take(UInt8(ascii: ":")) else { return nil }
            if key == "uids", uids == nil {
                guard let list = skimmer.list({ (skimmer: inout ByteSkimmer) in skimmer.wholeNumber(maxDigits: 10).flatMap(UInt32.init(exactly:)) })
                else { return nil }
                uids = Set(list)
            } else if key == "groups", groups == nil {
                guard let list = skimmer.list({ (skimmer: inout ByteSkimmer) in skimmer.text() }) else { return nil }
                groups = Set(list)
            } else {
                return nil
            }
        } while skimmer.take(UInt8(ascii: ","))
        guard skimmer.take(UInt8(ascii: "}")) else { return nil }
        return (uids ?? [], groups ?? [])
    }

    /// An entitlement as `DirectoryDecoder.decodeEntitlement` would make it, or nil where it
    /// would record a problem (or the shape is not the common one).
    private static func entitlement(_ skimmer: inout ByteSkimmer) -> Entitlement? {
        guard skimmer.take(UInt8(ascii: "{")) else { return nil }
        var seen: UInt16 = 0
        var id: String?
        var kind: EntitlementKind?
        var products: Set<Product>?
        var subscription: TenantGUID?
        var validFrom: Timestamp?
        var validUntil: Timestamp?
        var incidents: Int?
        repeat {
            guard let field: EntitlementField = field(&skimmer, keys: EntitlementField.keys, seen: &seen) else { return nil }
            switch field {
            case .id:
                guard let text = skimmer.text() else { return nil }
                id = text
            case .kind:
                guard let value = skimmer.enumeration(EntitlementKind.self) else { return nil }
                kind = value
            case .products:
                guard let list = skimmer.list({ (skimmer: inout ByteSkimmer) in skimmer.enumeration(Product.self) }) else { return nil }
                products = Set(list)
            case .subscriptionId:
                guard let guid = skimmer.guid() else { return nil }
                subscription = guid
            case .validFrom, .validUntil:
                guard let text = skimmer.text(), let instant = Timestamp.parseRFC3339(text) else { return nil }
                if field == .validFrom { validFrom = instant } else { validUntil = instant }
            case .incidents:
                if skimmer.null() {
                    incidents = nil
                } else {
                    guard let count = skimmer.wholeNumber(maxDigits: 18) else { return nil }
                    incidents = count
                }
            }
        } while skimmer.take(UInt8(ascii: ","))
        guard skimmer.take(UInt8(ascii: "}")), let id, let kind, kind != .csp else { return nil }
        if kind == .azureSupportPlan {
            guard subscription != nil, products == nil || products == [.azure] else { return nil }
        } else {
            guard seen & 1 << EntitlementField.subscriptionId.rawValue == 0 else { return nil }
        }
        if let validFrom, let validUntil, validUntil <= validFrom { return nil }
        return Entitlement(id: id, kind: kind, products: kind == .azureSupportPlan ? [.azure] : products ?? [],
                           subscriptionId: subscription, validFrom: validFrom, validUntil: validUntil, incidents: incidents)
    }
}
