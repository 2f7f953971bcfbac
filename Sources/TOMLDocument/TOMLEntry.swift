/// One key of a table, with where the key and its value appear in the source.
public struct TOMLEntry: Sendable, Hashable {
    public let key: String
    public let keyPosition: TOMLPosition
    public let node: TOMLNode

    public init(key: String, keyPosition: TOMLPosition, node: TOMLNode) {
        self.key = key
        self.keyPosition = keyPosition
        self.node = node
    }
}
