/// The directory's customers, compact: flat arrays and one byte buffer for every name and
/// domain, found through an open-addressing index on the tenant id. A distributor's million
/// customers take about 100 MB here; as a dictionary of structs that each held their own
/// strings, arrays and relationship dictionary they took 1.5 GB. Built once while the
/// directory is decoded, immutable afterwards, so one table is shared by every copy of the
/// directory and every thread.
public final class CustomerTable: Sendable {
    let ids: [TenantGUID]
    let clouds: [Cloud]
    /// Names, and domains in lower case, laid end to end in `text`: customer i's name runs from
    /// `nameStarts[i]` to `nameEnds[i]`, and its domains follow, domain j ending at
    /// `domainEnds[j]` for j in `domainFirst[i]..<domainFirst[i + 1]`.
    let text: [UInt8]
    let nameStarts: [UInt32]
    let nameEnds: [UInt32]
    let domainFirst: [UInt32]
    let domainEnds: [UInt32]
    /// Customer i's relationships are `relationships[relationshipFirst[i]..<relationshipFirst[i + 1]]`.
    let relationshipFirst: [UInt32]
    let relationships: [(partner: TenantGUID, azureAccessGranted: Bool)]
    private static let seed = UInt64.random(in: .min ... .max)

    /// Slots of the index: a customer's position + 1, or 0 for an empty slot.
    let slots: [UInt32]
    /// Positions of customers whose tenant id an earlier one already has (the decoder refuses such a directory).
    let duplicates: [Int]

    public static let empty = CustomerTable(Builder())

    public var count: Int { ids.count }

    init(_ builder: Builder) {
        ids = builder.ids
        clouds = builder.clouds
        text = builder.text
        nameStarts = builder.nameStarts
        nameEnds = builder.nameEnds
        domainFirst = builder.domainFirst + [UInt32(builder.domainEnds.count)]
        domainEnds = builder.domainEnds
        relationshipFirst = builder.relationshipFirst + [UInt32(builder.relationships.count)]
        relationships = builder.relationships
        (slots, duplicates) = Self.index(builder.ids)
    }

    /// A table built in code (tests, tools), in the order given.
    public convenience init(_ customers: [(tenantId: TenantGUID, name: String, cloud: Cloud, domains: [String], relationships: [TenantGUID: Relationship])]) {
        var builder = Builder()
        for customer in customers {
            let relationships = customer.relationships.sorted { $0.key < $1.key }.map { (partner: $0.key, azureAccessGranted: $0.value.azureAccessGranted) }
            _ = builder.append(id: customer.tenantId, name: customer.name, cloud: customer.cloud, domains: customer.domains, relationships: relationships)
        }
        self.init(builder)
    }

    public subscript(id: TenantGUID) -> Customer? {
        guard let position = position(of: id) else { return nil }
        return Customer(table: self, position: position)
    }

    /// Every customer, in directory order.
    public var all: [Customer] {
        ids.indices.map { Customer(table: self, position: $0) }
    }

    func position(of id: TenantGUID) -> Int? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var slot = Self.hash(id) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if ids[Int(entry) - 1] == id { return Int(entry) - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// Tenant ids are random (version 4 GUIDs), but a directory could hold crafted ones: both
    /// words are mixed as in splitmix64, with a seed drawn per process, so that no set of ids
    /// can be made to land in one slot (the probes, and the build, would grow quadratic).
    static func hash(_ id: TenantGUID) -> Int {
        var value = (id.high ^ seed) ^ ((id.low ^ (seed >> 17 | seed << 47)) &* 0x9E37_79B9_7F4A_7C15)
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: value ^ (value >> 31))
    }

    /// The most slots a lookup of a present id visits (tests of crafted ids).
    var longestProbe: Int {
        guard !slots.isEmpty else { return 0 }
        let mask = slots.count - 1
        return ids.indices.map { position in
            var slot = Self.hash(ids[position]) & mask
            var probes = 1
            while Int(slots[slot]) - 1 != position, slots[slot] != 0 {
                slot = (slot + 1) & mask
                probes += 1
            }
            return probes
        }.max() ?? 0
    }

    /// At most half full, so a miss ends after a probe or two.
    private static func index(_ ids: [TenantGUID]) -> (slots: [UInt32], duplicates: [Int]) {
        guard !ids.isEmpty else { return ([], []) }
        var capacity = 2
        while capacity < ids.count * 2 { capacity <<= 1 }
        var slots = [UInt32](repeating: 0, count: capacity)
        var duplicates: [Int] = []
        let mask = capacity - 1
        positions: for (position, id) in ids.enumerated() {
            var slot = hash(id) & mask
            while slots[slot] != 0 {
                if ids[Int(slots[slot]) - 1] == id {
                    duplicates.append(position)
                    continue positions
                }
                slot = (slot + 1) & mask
            }
            slots[slot] = UInt32(position + 1)
        }
        return (slots, duplicates)
    }

    /// Collects customers in directory order; the decoder has checked each one.
    struct Builder {
        var ids: [TenantGUID] = []
        var clouds: [Cloud] = []
        var text: [UInt8] = []
        var nameStarts: [UInt32] = []
        var nameEnds: [UInt32] = []
        var domainFirst: [UInt32] = []
        var domainEnds: [UInt32] = []
        var relationshipFirst: [UInt32] = []
        var relationships: [(partner: TenantGUID, azureAccessGranted: Bool)] = []

        /// The most text (names and domains) and relationships 32-bit offsets can address.
        static let maxOffset = Int(UInt32.max)

        /// False when the 32-bit offsets cannot address one more customer (4 GB of names and
        /// domains). The name and the domains, in lower case, are laid end to end and added
        /// as the skimmer adds its own.
        mutating func append(id: TenantGUID, name: String, cloud: Cloud, domains: [String],
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

        /// Another builder's customers after these (a run skimmed on another thread); false,
        /// with nothing added, when the 32-bit offsets cannot address them.
        mutating func append(contentsOf other: Builder) -> Bool {
            guard text.count + other.text.count < Self.maxOffset, relationships.count + other.relationships.count < Self.maxOffset,
                  domainEnds.count + other.domainEnds.count < Self.maxOffset else { return false }
            let textBase = UInt32(text.count)
            let domainBase = UInt32(domainEnds.count)
            let relationshipBase = UInt32(relationships.count)
            ids += other.ids
            clouds += other.clouds
            text += other.text
            Self.append(other.nameStarts, to: &nameStarts, adding: textBase)
            Self.append(other.nameEnds, to: &nameEnds, adding: textBase)
            Self.append(other.domainFirst, to: &domainFirst, adding: domainBase)
            Self.append(other.domainEnds, to: &domainEnds, adding: textBase)
            Self.append(other.relationshipFirst, to: &relationshipFirst, adding: relationshipBase)
            relationships += other.relationships
            return true
        }

        /// Copied at once, then rebased in place (a loop the compiler vectorizes).
        private static func append(_ offsets: [UInt32], to array: inout [UInt32], adding base: UInt32) {
            let start = array.count
            array += offsets
            guard base != 0 else { return }
            array.withUnsafeMutableBufferPointer { buffer in
                for index in start..<buffer.count { buffer[index] &+= base }
            }
        }

        /// Without its last customer.
        mutating func removeLast() {
            guard let nameStart = nameStarts.popLast() else { return }
            ids.removeLast()
            clouds.removeLast()
            nameEnds.removeLast()
            text.removeSubrange(Int(nameStart)...)
            domainEnds.removeSubrange(Int(domainFirst.removeLast())...)
            relationships.removeSubrange(Int(relationshipFirst.removeLast())...)
        }

        /// Empty again, keeping the storage.
        mutating func removeAll() {
            ids.removeAll(keepingCapacity: true)
            clouds.removeAll(keepingCapacity: true)
            text.removeAll(keepingCapacity: true)
            nameStarts.removeAll(keepingCapacity: true)
            nameEnds.removeAll(keepingCapacity: true)
            domainFirst.removeAll(keepingCapacity: true)
            domainEnds.removeAll(keepingCapacity: true)
            relationshipFirst.removeAll(keepingCapacity: true)
            relationships.removeAll(keepingCapacity: true)
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
}
