/// A problem found while parsing, located where it occurs.
public struct TOMLParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One sentence describing what is wrong, e.g. `expected '=' after key "spool"`.
    public let message: String
    public let position: TOMLPosition

    public init(message: String, position: TOMLPosition) {
        self.message = message
        self.position = position
    }

    /// `line L, column C: message`
    public var description: String { "\(position): \(message)" }
}
