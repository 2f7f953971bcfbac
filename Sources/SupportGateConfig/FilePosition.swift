import TOMLDocument

/// A 1-based line and column in a configuration or directory file, whichever its format:
/// a TOML parser's position, or a JSON parser's (a JSON problem found after parsing is
/// located by its JSON Pointer, in `ConfigurationProblem.key`, instead).
public struct FilePosition: Sendable, Hashable {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    init(_ position: TOMLPosition) {
        self.init(line: position.line, column: position.column)
    }
}
