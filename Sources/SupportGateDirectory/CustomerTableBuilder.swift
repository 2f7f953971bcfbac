import SupportGateCore

/// Collects customers in directory order for a `CustomerTable`; the decoder has checked each
/// one. The columns are the table's own (see `CustomerTable`), without the index.
package struct CustomerTableBuilder {
    var ids: [TenantGUID] = []
    var clouds: [Cloud] = []
    var text: [UInt8] = []
    var nameStarts: [UInt32] = []
    var nameEnds: [UInt32] = []
    var domainFirst: [UInt32] = []
    var domainEnds: [UInt32] = []
    var relationshipFirst: [UInt32] = []
    var relationships: [(partner: TenantGUID, azureAccessGranted: Bool)] = []
    /// The customer `CustomerSkimmer` is reading: its domains (ranges of the directory's
    /// bytes) and relationships, until `appendPending` adds it.
    var pendingDomains: [Range<Int>] = []
    var pendingRelationships: [(partner: TenantGUID, azureAccessGranted: Bool)] = []

    /// The most text (names and domains) and relationships 32-bit offsets can address.
    static let maxOffset = Int(UInt32.max)

    package init() {}

    /// The table of every customer appended, indexed.
    package func table() -> CustomerTable {
        CustomerTable(ids: ids, clouds: clouds, text: text, nameStarts: nameStarts, nameEnds: nameEnds, domainFirst: domainFirst,
                      domainEnds: domainEnds, relationshipFirst: relationshipFirst, relationships: relationships)
    }

    /// False when the 32-bit offsets cannot address one more customer (4 GB of names and
    /// domains). The name and the domains, in lower case, are laid end to end and added
    /// as the skimmer adds its own.
    package mutating func append(id: TenantGUID, name: String, cloud: Cloud, domains: [String],
                                 relationships partners: [(partner: TenantGUID, azureAccessGranted: Bool)]) -> Bool {
        var texts = Array(name.utf8)
        var ranges: [Range<Int>] = []
        for domain in domains {
            let start = texts.count
            texts += domain.lowercased().utf8
            ranges.append(start..<texts.count)
        }
        return texts.withUnsafeBytes { bytes in
            append(id: id, name: 0..<name.utf8.count, cloud: cloud, domains: ranges, relationships: partners, in: bytes)
        }
    }

    /// The customer `CustomerSkimmer` read, with `pendingDomains` and `pendingRelationships`.
    mutating func appendPending(id: TenantGUID, name: Range<Int>, cloud: Cloud, in bytes: UnsafeRawBufferPointer) -> Bool {
        let domains = pendingDomains
        let partners = pendingRelationships
        return append(id: id, name: name, cloud: cloud, domains: domains, relationships: partners, in: bytes)
    }

    /// A customer whose name and domains are ranges of `bytes` (the directory's own, for
    /// `CustomerSkimmer`). Domains are brought to lower case in ASCII; others already are.
    mutating func append(id: TenantGUID, name: Range<Int>, cloud: Cloud, domains: [Range<Int>],
                         relationships partners: [(partner: TenantGUID, azureAccessGranted: Bool)], in bytes: UnsafeRawBufferPointer) -> Bool {
        let textNeeded = name.count + domains.reduce(0) { $0 + $1.count }
        guard text.count + textNeeded < Self.maxOffset, relationships.count + partners.count < Self.maxOffset,
              domainEnds.count + domains.count < Self.maxOffset else { return false }
        ids.append(id)
        clouds.append(cloud)
        nameStarts.append(UInt32(text.count))
        text += bytes[name]
        nameEnds.append(UInt32(text.count))
        domainFirst.append(UInt32(domainEnds.count))
        for domain in domains {
            for byte in bytes[domain] {
                text.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
            }
            domainEnds.append(UInt32(text.count))
        }
        relationshipFirst.append(UInt32(relationships.count))
        relationships += partners
        return true
    }
}

extension CustomerTable {
    /// A table built in code (tests, tools), in the order given.
    public convenience init(_ customers: [(tenantId: TenantGUID, name: String, cloud: Cloud, domains: [String], relationships: [TenantGUID: Relationship])]) {
        var builder = CustomerTableBuilder()
        for customer in customers {
            let relationships = customer.relationships.sorted { $0.key < $1.key }.map { (partner: $0.key, azureAccessGranted: $0.value.azureAccessGranted) }
            _ = builder.append(id: customer.tenantId, name: customer.name, cloud: customer.cloud, domains: customer.domains, relationships: relationships)
        }
        let built = builder
        self.init(ids: built.ids, clouds: built.clouds, text: built.text, nameStarts: built.nameStarts, nameEnds: built.nameEnds,
                  domainFirst: built.domainFirst, domainEnds: built.domainEnds, relationshipFirst: built.relationshipFirst,
                  relationships: built.relationships)
    }
}
