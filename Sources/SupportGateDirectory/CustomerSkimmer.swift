import SupportGateCore

/// The common shape of a directory customer, read straight from its bytes into the table,
/// without a parse tree: an object of the customer fields, each once, whose strings are
/// plain printable ASCII without escapes, with valid GUIDs, a known cloud, and
/// relationships of `partnerTenantId` and `azureAccessGranted` (true or false) with distinct
/// partners. Anything else (another field, an escape, a non-ASCII name, a null, a bad GUID, a
/// number) is left to the parser and `DirectoryDecoder`, which accept or refuse it with a
/// located problem; so this is never looser than they are, only faster where they would
/// accept.
enum CustomerSkimmer {
    /// The count of bytes the customer takes, once added to `table`; nil to leave it to the parser.
    static func skim(_ bytes: UnsafeRawBufferPointer, into table: inout CustomerTableBuilder) -> Int? {
        var skimmer = ByteSkimmer(bytes)
        return customer(&skimmer, into: &table)
    }

    private static func customer(_ skimmer: inout ByteSkimmer, into table: inout CustomerTableBuilder) -> Int? {
        guard skimmer.take(UInt8(ascii: "{")) else { return nil }
        var seen: UInt8 = 0
        var tenantId: TenantGUID?
        var name = 0..<0
        var cloud = Cloud.public
        // Into the builder's scratch lists, kept from customer to customer: a million
        // customers would otherwise allocate and free two arrays each.
        table.pendingDomains.removeAll(keepingCapacity: true)
        table.pendingRelationships.removeAll(keepingCapacity: true)
        repeat {
            guard let key = skimmer.plainString(), let field = Field(key: skimmer.bytes[key]), seen & field.rawValue == 0, skimmer.take(UInt8(ascii: ":")) else { return nil }
            seen |= field.rawValue
            switch field {
            case .tenantId:
                guard let id = skimmer.guid() else { return nil }
                tenantId = id
            case .name:
                guard let text = skimmer.plainString() else { return nil }
                name = text
            case .cloud:
                guard let text = skimmer.plainString(), let value = Cloud(rawValue: String(decoding: skimmer.bytes[text], as: UTF8.self)) else { return nil }
                cloud = value
            case .domains:
                guard skimmer.list(into: &table.pendingDomains, { (skimmer: inout ByteSkimmer) in skimmer.plainString() }) else { return nil }
            case .relationships:
                guard skimmer.list(into: &table.pendingRelationships, { (skimmer: inout ByteSkimmer) in relationship(&skimmer) }) else { return nil }
                let relationships = table.pendingRelationships
                for index in relationships.indices
                where relationships[..<index].contains(where: { $0.partner == relationships[index].partner }) {
                    return nil
                }
            }
        } while skimmer.take(UInt8(ascii: ","))
        guard skimmer.take(UInt8(ascii: "}")), let tenantId,
              table.appendPending(id: tenantId, name: name, cloud: cloud, in: skimmer.bytes) else { return nil }
        return skimmer.position
    }

    /// The customer fields' keys, in the order of `Field`'s bits.
    static let keys: [StaticString] = ["tenantId", "name", "cloud", "domains", "relationships"]

    /// The customer fields, as bits of a mask of those seen.
    private enum Field: UInt8 {
        case tenantId = 1, name = 2, cloud = 4, domains = 8, relationships = 16

        init?(key: Slice<UnsafeRawBufferPointer>) {
            let field: Field? = switch key.count {
            case 8: .tenantId
            case 4: .name
            case 5: .cloud
            case 7: .domains
            case 13: .relationships
            default: nil
            }
            guard let field, field.key.withUTF8Buffer({ ByteSkimmer.equal(key, $0) }) else { return nil }
            self = field
        }

        var key: StaticString {
            switch self {
            case .tenantId: "tenantId"
            case .name: "name"
            case .cloud: "cloud"
            case .domains: "domains"
            case .relationships: "relationships"
            }
        }
    }

    private static func relationship(_ skimmer: inout ByteSkimmer) -> (partner: TenantGUID, azureAccessGranted: Bool)? {
        guard skimmer.take(UInt8(ascii: "{")) else { return nil }
        var partner: TenantGUID?
        var granted: Bool?
        repeat {
            guard let key = skimmer.plainString(), skimmer.take(UInt8(ascii: ":")) else { return nil }
            if ByteSkimmer.equal(skimmer.bytes[key], "partnerTenantId"), partner == nil {
                guard let id = skimmer.guid() else { return nil }
                partner = id
            } else if ByteSkimmer.equal(skimmer.bytes[key], "azureAccessGranted"), granted == nil {
                guard let flag = skimmer.boolean() else { return nil }
                granted = flag
            } else {
                return nil
            }
        } while skimmer.take(UInt8(ascii: ","))
        guard skimmer.take(UInt8(ascii: "}")), let partner else { return nil }
        return (partner, granted ?? false)
    }
}
