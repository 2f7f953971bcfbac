/// Walks the Unicode scalars of a document while tracking line and column.
struct SourceCursor {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var lineStartIndex = 0

    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    var isAtEnd: Bool { index >= scalars.count }

    var current: Unicode.Scalar? { peek(0) }

    func peek(_ offset: Int) -> Unicode.Scalar? {
        let target = index + offset
        return target < scalars.count ? scalars[target] : nil
    }

    var position: TOMLPosition {
        TOMLPosition(line: line, column: index - lineStartIndex + 1)
    }

    mutating func advance(by count: Int = 1) {
        for _ in 0..<count where index < scalars.count {
            if scalars[index] == "\n" {
                line += 1
                lineStartIndex = index + 1
            }
            index += 1
        }
    }

    /// Consumes `scalar` if it is next.
    mutating func consume(_ scalar: Unicode.Scalar) -> Bool {
        guard current == scalar else { return false }
        advance()
        return true
    }

    func hasPrefix(_ text: String) -> Bool {
        var offset = 0
        for scalar in text.unicodeScalars {
            guard peek(offset) == scalar else { return false }
            offset += 1
        }
        return true
    }

    /// Counts how many times `scalar` repeats starting at the current position.
    func runLength(of scalar: Unicode.Scalar) -> Int {
        var count = 0
        while peek(count) == scalar { count += 1 }
        return count
    }

    func error(_ message: String) -> TOMLParseError {
        TOMLParseError(message: message, position: position)
    }
}
