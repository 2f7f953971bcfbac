/// A 1-based location in a TOML document.
///
/// Columns count Unicode scalars from the start of the line, so a tab or a
/// multi-byte character each advance the column by one.
public struct TOMLPosition: Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column)" }
}
