/// A table: uniquely keyed entries in document order.
public struct TOMLTable: Sendable, Hashable {
    public let entries: [TOMLEntry]
    /// The header position, or line 1, column 1 for the root table.
    public let position: TOMLPosition
    private let entryIndexByKey: [String: Int]

    /// Creates a table. Keys must be unique.
    public init(entries: [TOMLEntry], position: TOMLPosition) {
        var entryIndexByKey: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            let previous = entryIndexByKey.updateValue(index, forKey: entry.key)
            precondition(previous == nil, "duplicate key \"\(entry.key)\" in TOMLTable")
        }
        self.entries = entries
        self.position = position
        self.entryIndexByKey = entryIndexByKey
    }

    public subscript(key: String) -> TOMLEntry? {
        entryIndexByKey[key].map { entries[$0] }
    }

    public var keys: [String] { entries.map(\.key) }

    // The index is derived from `entries`, so it is left out of equality and hashing.
    public static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool {
        lhs.entries == rhs.entries && lhs.position == rhs.position
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries)
        hasher.combine(position)
    }
}
