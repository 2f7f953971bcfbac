/// A table under construction. Its `origin` decides how later headers and dotted
/// keys may extend it (see `TableBuilder+Definitions.swift`).
final class TableBuilder {
    enum Origin {
        case root
        /// Created as an intermediate part of a `[a.b.c]` header; a later `[a.b]` may still define it.
        case implicitlyByHeader
        case header
        case dottedKeys
        case arrayOfTablesElement
        case inlineTable
    }

    enum Content {
        case value(TOMLNode)
        case table(TableBuilder)
        case arrayOfTables(ArrayOfTablesBuilder)
    }

    struct Slot {
        var keyPosition: TOMLPosition
        var content: Content
    }

    var origin: Origin
    var position: TOMLPosition
    /// The full key path from the document root, for error messages.
    let path: [String]
    private(set) var orderedKeys: [String] = []
    private(set) var slots: [String: Slot] = [:]

    init(origin: Origin, position: TOMLPosition, path: [String]) {
        self.origin = origin
        self.position = position
        self.path = path
    }

    func slot(for key: String) -> Slot? { slots[key] }

    func setSlot(_ slot: Slot, for key: String) {
        if slots.updateValue(slot, forKey: key) == nil {
            orderedKeys.append(key)
        }
    }

    func build() -> TOMLTable {
        let entries = orderedKeys.map { key in
            let slot = slots[key]!
            return TOMLEntry(key: key, keyPosition: slot.keyPosition, node: Self.node(for: slot.content))
        }
        return TOMLTable(entries: entries, position: position)
    }

    private static func node(for content: Content) -> TOMLNode {
        switch content {
        case .value(let node):
            return node
        case .table(let table):
            return TOMLNode(value: .table(table.build()), position: table.position)
        case .arrayOfTables(let array):
            let elements = array.elements.map { TOMLNode(value: .table($0.build()), position: $0.position) }
            return TOMLNode(value: .array(elements), position: array.position)
        }
    }
}
