/// A TOML value. Date and time values keep their validated source text.
public indirect enum TOMLValue: Sendable, Hashable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    case offsetDateTime(String)
    case localDateTime(String)
    case localDate(String)
    case localTime(String)
    case array([TOMLNode])
    case table(TOMLTable)

    /// A human-readable name of the value's type, suitable for error messages.
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        case .offsetDateTime: "date-time"
        case .localDateTime: "local date-time"
        case .localDate: "local date"
        case .localTime: "local time"
        case .array: "array"
        case .table: "table"
        }
    }

    /// `typeName` preceded by "a" or "an".
    var typeNameWithArticle: String {
        let name = typeName
        let startsWithVowel = name.first.map { "aeiou".contains($0) } ?? false
        return (startsWithVowel ? "an " : "a ") + name
    }
}
