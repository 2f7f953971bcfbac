import SupportGateCore
import TOMLDocument

/// Typed reads from a TOML table that record located problems instead of throwing,
/// so that `config check` reports everything wrong in one pass.
struct TOMLSettingsReader {
    let file: String
    private(set) var problems: [ConfigurationProblem] = []
    /// Middle tables (`forward.endpoints`) whose keys were already checked.
    var checked: Set<String> = []

    init(file: String) {
        self.file = file
    }

    mutating func fail(_ position: TOMLPosition?, _ key: String, _ message: String) {
        problems.append(ConfigurationProblem(file: file, position: position.map(FilePosition.init), key: key, message: message))
    }

    /// Unknown keys are errors: a misspelt setting must not silently fall back to its default.
    mutating func checkKeys(_ table: TOMLTable, prefix: String, allowed: [String]) {
        for entry in table.entries where !allowed.contains(entry.key) {
            var message = "unknown key"
            if let near = NameSuggestion.closest(to: entry.key, among: allowed) {
                message += "; did you mean \"\(near)\"?"
            } else {
                message += "; \(prefix.isEmpty ? "the top level" : "[\(prefix)]") takes: \(allowed.joined(separator: ", "))"
            }
            fail(entry.keyPosition, Self.join(prefix, entry.key), message)
        }
    }

    static func join(_ prefix: String, _ key: String) -> String {
        prefix.isEmpty ? key : "\(prefix).\(key)"
    }

    mutating func table(_ parent: TOMLTable, _ key: String, prefix: String) -> TOMLTable? {
        guard let entry = parent[key] else { return nil }
        guard case .table(let table) = entry.node.value else {
            fail(entry.node.position, Self.join(prefix, key), "must be a table, not a \(entry.node.value.typeName)")
            return nil
        }
        return table
    }

    mutating func string(_ table: TOMLTable, _ key: String, prefix: String) -> (String, TOMLPosition)? {
        guard let entry = table[key], let text = string(entry, Self.join(prefix, key)) else { return nil }
        return (text, entry.node.position)
    }

    /// `name`: the dotted key, for the message.
    mutating func string(_ entry: TOMLEntry, _ name: String) -> String? {
        guard case .string(let text) = entry.node.value else {
            fail(entry.node.position, name, "must be a string, not a \(entry.node.value.typeName)")
            return nil
        }
        return text
    }

    /// A string that must be one of `choices`; anything else fails with a "did you mean".
    mutating func choice(_ entry: TOMLEntry, _ name: String, among choices: [String]) -> String? {
        guard let value = string(entry, name) else { return nil }
        guard !choices.contains(value) else { return value }
        var message = "\"\(value)\" is not one of \(choices.map { "\"\($0)\"" }.joined(separator: ", "))"
        if let near = NameSuggestion.closest(to: value, among: choices) { message += "; did you mean \"\(near)\"?" }
        fail(entry.node.position, name, message)
        return nil
    }

    mutating func bool(_ entry: TOMLEntry, _ name: String) -> Bool? {
        guard case .boolean(let flag) = entry.node.value else {
            fail(entry.node.position, name, "must be true or false, not a \(entry.node.value.typeName)")
            return nil
        }
        return flag
    }

    mutating func integer(_ entry: TOMLEntry, _ name: String, range: ClosedRange<Int64>) -> Int64? {
        guard case .integer(let number) = entry.node.value else {
            fail(entry.node.position, name, "must be a whole number, not a \(entry.node.value.typeName)")
            return nil
        }
        guard range.contains(number) else {
            fail(entry.node.position, name, "\(number) is out of range; allowed: \(range.lowerBound)…\(range.upperBound)")
            return nil
        }
        return number
    }
}
