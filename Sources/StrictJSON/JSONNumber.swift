/// A JSON number kept exactly as written, so values survive a round trip without
/// precision loss. Equality compares the lexeme: `1.0` and `1` are different numbers.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The exact lexeme as written, e.g. `"104"` or `"-1.5e3"`.
    public let text: String

    /// Creates a number from an integer; the text is its decimal form.
    public init(_ value: Int64) {
        text = String(value)
    }

    /// Creates a number from a lexeme, or returns nil if `text` is not exactly one
    /// RFC 8259 number (no surrounding whitespace, no `+`, no leading zeros, ...).
    public init?(exactly text: String) {
        guard case .number(let parsed)? = try? JSONParser.parse(text), parsed.text == text else {
            return nil
        }
        self = parsed
    }

    /// Used by the parser, which has already validated the grammar.
    init(validatedText text: String) {
        self.text = text
    }

    /// True when the lexeme has no fraction and no exponent.
    public var isInteger: Bool {
        !text.utf8.contains { $0 == ASCII.period || $0 == ASCII.lowerE || $0 == ASCII.upperE }
    }

    /// The value as `Int64`, or nil if the number is not an integer or is out of range.
    public var int64Value: Int64? {
        isInteger ? Int64(text) : nil
    }

    /// The nearest `Double`; magnitudes beyond the `Double` range become infinity.
    public var doubleValue: Double {
        Double(text) ?? .nan
    }

    public var description: String { text }
}
