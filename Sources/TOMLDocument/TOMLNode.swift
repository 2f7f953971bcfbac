/// A value together with the position where it starts in the source.
///
/// For tables defined by a `[header]` or `[[header]]` the position is that of the header.
public struct TOMLNode: Sendable, Hashable {
    public let value: TOMLValue
    public let position: TOMLPosition

    public init(value: TOMLValue, position: TOMLPosition) {
        self.value = value
        self.position = position
    }
}
