/// The directory's customers, compact: flat arrays and one byte buffer for every name and
/// domain, found through an open-addressing index on the tenant id. A distributor's million
/// customers take about 100 MB here; as a dictionary of structs that each held their own
/// strings, arrays and relationship dictionary they took 1.5 GB. Built once while the
/// directory is decoded (`CustomerTableBuilder`, in SupportGateDirectory), immutable afterwards, so one table is shared by every copy of the
/// directory and every thread.
public final class CustomerTable: Sendable {
    package let ids: [TenantGUID]
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
    package let relationshipFirst: [UInt32]
    package let relationships: [(partner: TenantGUID, azureAccessGranted: Bool)]
    private static let seed = UInt64.random(in: .min ... .max)

    /// Slots of the index: a customer's position + 1, or 0 for an empty slot.
    let slots: [UInt32]
    /// Positions of customers whose tenant id an earlier one already has (the decoder refuses such a directory).
    package let duplicates: [Int]

    public static let empty = CustomerTable(ids: [], clouds: [], text: [], nameStarts: [], nameEnds: [], domainFirst: [], domainEnds: [],
                                            relationshipFirst: [], relationships: [])

    public var count: Int { ids.count }

    /// The columns `CustomerTableBuilder` (SupportGateDirectory) collected, one entry a
    /// customer; the index is built here.
    package init(ids: [TenantGUID], clouds: [Cloud], text: [UInt8], nameStarts: [UInt32], nameEnds: [UInt32], domainFirst: [UInt32],
                 domainEnds: [UInt32], relationshipFirst: [UInt32], relationships: [(partner: TenantGUID, azureAccessGranted: Bool)]) {
        self.ids = ids
        self.clouds = clouds
        self.text = text
        self.nameStarts = nameStarts
        self.nameEnds = nameEnds
        self.domainFirst = domainFirst + [UInt32(domainEnds.count)]
        self.domainEnds = domainEnds
        self.relationshipFirst = relationshipFirst + [UInt32(relationships.count)]
        self.relationships = relationships
        (slots, duplicates) = Self.index(ids)
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
    package var longestProbe: Int {
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
}
