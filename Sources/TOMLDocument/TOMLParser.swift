/// Entry point: parses a TOML 1.0 document into a tree of positioned values.
public enum TOMLParser {
    public static func parse(_ text: String) throws(TOMLParseError) -> TOMLTable {
        var scalars = Array(text.unicodeScalars)
        // A byte order mark is not part of the document.
        if scalars.first == "\u{FEFF}" {
            scalars.removeFirst()
        }
        var parser = DocumentParser(scalars: scalars)
        return try parser.parseDocument()
    }

    /// Parses raw file contents, reporting where the bytes stop being valid UTF-8.
    public static func parse(utf8 bytes: [UInt8]) throws(TOMLParseError) -> TOMLTable {
        var scalars = String.UnicodeScalarView()
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var line = 1
        var column = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                scalars.append(scalar)
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput:
                return try parse(String(scalars))
            case .error:
                throw TOMLParseError(
                    message: "the document is not valid UTF-8",
                    position: TOMLPosition(line: line, column: column))
            }
        }
    }
}
