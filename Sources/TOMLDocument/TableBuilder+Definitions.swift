// The TOML 1.0 rules for which tables headers and dotted keys may define or extend.
//
// - A table may be defined by a [header] once. Tables created only as intermediate
//   parts of a header (`[a]` after `[a.b]`) may be defined by one later header.
// - Tables created by dotted keys cannot be defined by a header, though headers may
//   still go through them to define sub-tables.
// - Dotted keys cannot add to tables defined by a header, to arrays of tables,
//   to inline tables or to any other value.
// - [[a]] appends only to an array of tables created by [[a]].
// - Inline tables and static arrays are plain values and can never be extended.
extension TableBuilder {
    /// Defines `key = value` in this table, where `key` may be dotted.
    func defineValue(_ node: TOMLNode, at key: [KeySegment]) throws(TOMLParseError) {
        let fullKeyPath = path + key.map(\.name)
        var table = self
        for segment in key.dropLast() {
            table = try table.childTableForDottedKey(segment, fullKeyPath: fullKeyPath)
        }
        let last = key[key.count - 1]
        if let existing = table.slot(for: last.name) {
            throw TOMLParseError(
                message: "duplicate key \"\(fullKeyPath.dottedKeyDescription)\" (first defined at line \(existing.keyPosition.line))",
                position: last.position)
        }
        table.setSlot(Slot(keyPosition: last.position, content: .value(node)), for: last.name)
    }

    /// Handles a `[key]` header in the root table and returns the table it opens.
    func defineTable(at key: [KeySegment], headerPosition: TOMLPosition) throws(TOMLParseError) -> TableBuilder {
        let header = "[\(key.map(\.name).dottedKeyDescription)]"
        let parent = try parentTableForHeader(key, header: header, headerPosition: headerPosition)
        let last = key[key.count - 1]
        let childPath = parent.path + [last.name]
        func failure(_ message: String) -> TOMLParseError {
            TOMLParseError(message: message, position: headerPosition)
        }
        guard let existing = parent.slot(for: last.name) else {
            let table = TableBuilder(origin: .header, position: headerPosition, path: childPath)
            parent.setSlot(Slot(keyPosition: last.position, content: .table(table)), for: last.name)
            return table
        }
        switch existing.content {
        case .table(let table):
            switch table.origin {
            case .implicitlyByHeader:
                table.origin = .header
                table.position = headerPosition
                parent.setSlot(Slot(keyPosition: last.position, content: .table(table)), for: last.name)
                return table
            case .dottedKeys:
                throw failure("table \(header) was already defined by dotted keys at line \(table.position.line)")
            default:
                throw failure("table \(header) defined twice (first at line \(table.position.line))")
            }
        case .arrayOfTables(let array):
            throw failure("table \(header) conflicts with array of tables [\(header)] defined at line \(array.position.line)")
        case .value:
            throw failure("table \(header) conflicts with key \"\(childPath.dottedKeyDescription)\" defined at line \(existing.keyPosition.line)")
        }
    }

    /// Handles a `[[key]]` header in the root table and returns the new element table.
    func appendArrayOfTablesElement(at key: [KeySegment], headerPosition: TOMLPosition) throws(TOMLParseError) -> TableBuilder {
        let header = "[[\(key.map(\.name).dottedKeyDescription)]]"
        let parent = try parentTableForHeader(key, header: header, headerPosition: headerPosition)
        let last = key[key.count - 1]
        let childPath = parent.path + [last.name]
        let quotedKey = "\"\(childPath.dottedKeyDescription)\""
        func failure(_ message: String) -> TOMLParseError {
            TOMLParseError(message: message, position: headerPosition)
        }
        guard let existing = parent.slot(for: last.name) else {
            let array = ArrayOfTablesBuilder(position: headerPosition)
            parent.setSlot(Slot(keyPosition: last.position, content: .arrayOfTables(array)), for: last.name)
            return array.appendElement(position: headerPosition, path: childPath)
        }
        switch existing.content {
        case .arrayOfTables(let array):
            return array.appendElement(position: headerPosition, path: childPath)
        case .table(let table):
            throw failure("array of tables \(header) conflicts with table \(quotedKey) defined at line \(table.position.line)")
        case .value(let node):
            if case .array = node.value {
                throw failure("cannot append to static array \(quotedKey) (defined at line \(existing.keyPosition.line)) with \(header)")
            }
            throw failure("array of tables \(header) conflicts with key \(quotedKey) defined at line \(existing.keyPosition.line)")
        }
    }

    /// Walks all but the last part of a header key, creating implicit tables as needed.
    private func parentTableForHeader(
        _ key: [KeySegment], header: String, headerPosition: TOMLPosition
    ) throws(TOMLParseError) -> TableBuilder {
        var table = self
        for segment in key.dropLast() {
            let childPath = table.path + [segment.name]
            guard let existing = table.slot(for: segment.name) else {
                let child = TableBuilder(origin: .implicitlyByHeader, position: headerPosition, path: childPath)
                table.setSlot(Slot(keyPosition: segment.position, content: .table(child)), for: segment.name)
                table = child
                continue
            }
            switch existing.content {
            case .table(let child):
                table = child
            case .arrayOfTables(let array):
                // A header below an array of tables belongs to its most recent element.
                table = array.elements[array.elements.count - 1]
            case .value(let node):
                let reason = Self.whyValueCannotBeExtended(node, path: childPath, keyPosition: existing.keyPosition)
                throw TOMLParseError(message: "cannot define table \(header): \(reason)", position: headerPosition)
            }
        }
        return table
    }

    private func childTableForDottedKey(_ segment: KeySegment, fullKeyPath: [String]) throws(TOMLParseError) -> TableBuilder {
        let childPath = path + [segment.name]
        guard let existing = slot(for: segment.name) else {
            let child = TableBuilder(origin: .dottedKeys, position: segment.position, path: childPath)
            setSlot(Slot(keyPosition: segment.position, content: .table(child)), for: segment.name)
            return child
        }
        let prefix = "cannot define \"\(fullKeyPath.dottedKeyDescription)\""
        let reason: String
        switch existing.content {
        case .table(let child):
            switch child.origin {
            case .dottedKeys:
                return child
            case .implicitlyByHeader:
                // From now on the table counts as defined by dotted keys, so no later header may define it.
                child.origin = .dottedKeys
                return child
            default:
                reason = "table [\(childPath.dottedKeyDescription)] was defined by a header at line \(child.position.line) and cannot be extended with dotted keys"
            }
        case .arrayOfTables(let array):
            reason = "\"\(childPath.dottedKeyDescription)\" is an array of tables (defined at line \(array.position.line))"
        case .value(let node):
            reason = Self.whyValueCannotBeExtended(node, path: childPath, keyPosition: existing.keyPosition)
        }
        throw TOMLParseError(message: "\(prefix): \(reason)", position: segment.position)
    }

    private static func whyValueCannotBeExtended(_ node: TOMLNode, path: [String], keyPosition: TOMLPosition) -> String {
        let quotedKey = "\"\(path.dottedKeyDescription)\""
        switch node.value {
        case .table:
            return "inline table \(quotedKey) (line \(keyPosition.line)) cannot be extended"
        case .array:
            return "\(quotedKey) is a static array (line \(keyPosition.line)) and cannot be extended"
        default:
            return "\(quotedKey) is already \(node.value.typeNameWithArticle) (line \(keyPosition.line))"
        }
    }
}
