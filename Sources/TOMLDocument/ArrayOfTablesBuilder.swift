/// An array of tables defined by `[[header]]` lines, which later headers may append to.
final class ArrayOfTablesBuilder {
    /// Position of the first `[[header]]`.
    let position: TOMLPosition
    private(set) var elements: [TableBuilder] = []

    init(position: TOMLPosition) {
        self.position = position
    }

    func appendElement(position: TOMLPosition, path: [String]) -> TableBuilder {
        let element = TableBuilder(origin: .arrayOfTablesElement, position: position, path: path)
        elements.append(element)
        return element
    }
}
