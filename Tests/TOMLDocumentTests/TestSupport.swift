import Testing
import TOMLDocument

/// Parses `text`, recording an issue instead of throwing when it fails.
func parseValid(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> TOMLTable? {
    do {
        return try TOMLParser.parse(text)
    } catch {
        Issue.record("unexpected parse error: \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Parses `text`, which must fail, and returns the error.
func parseError(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> TOMLParseError? {
    do {
        let table = try TOMLParser.parse(text)
        Issue.record("expected a parse error, got \(table.keys)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// Expects `text` to fail with an error at `line`/`column` whose message contains `fragment`.
func expectError(
    _ text: String, at line: Int, _ column: Int, containing fragment: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let error = parseError(text, sourceLocation: sourceLocation) else { return }
    #expect(error.position == TOMLPosition(line: line, column: column), "\(error)", sourceLocation: sourceLocation)
    #expect(error.message.contains(fragment), "\(error)", sourceLocation: sourceLocation)
}

extension TOMLTable {
    /// The value at a dotted path of table keys, e.g. `value("a", "b")`.
    func value(_ path: String...) -> TOMLValue? {
        var table = self
        for key in path.dropLast() {
            guard case .table(let child)? = table[key]?.node.value else { return nil }
            table = child
        }
        return path.last.flatMap { table[$0]?.node.value }
    }

    func table(_ path: String...) -> TOMLTable? {
        var table = self
        for key in path {
            guard case .table(let child)? = table[key]?.node.value else { return nil }
            table = child
        }
        return table
    }
}

extension TOMLValue {
    var arrayElements: [TOMLValue]? {
        if case .array(let nodes) = self { return nodes.map(\.value) }
        return nil
    }

    var tableValue: TOMLTable? {
        if case .table(let table) = self { return table }
        return nil
    }
}

func position(_ line: Int, _ column: Int) -> TOMLPosition {
    TOMLPosition(line: line, column: column)
}
