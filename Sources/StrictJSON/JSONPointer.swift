/// An RFC 6901 JSON Pointer such as `/azureTicket/properties/contactDetails`.
/// The empty pointer refers to the whole document.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The pointer to the document root (`""`).
    public static let root = JSONPointer("")

    private let escapedText: String

    /// Creates a pointer from its already-escaped text (`~0` for `~`, `~1` for `/`).
    /// The text is taken as-is and not validated.
    public init(_ escapedText: String) {
        self.escapedText = escapedText
    }

    /// The pointer to member `key` of the object this pointer refers to.
    public func appending(_ key: String) -> JSONPointer {
        let token = Self.escape(key)
        var text = ""
        text.reserveCapacity(escapedText.utf8.count + 1 + token.utf8.count)
        text += escapedText
        text += "/"
        text += token
        return JSONPointer(text)
    }

    /// The pointer to element `index` of the array this pointer refers to.
    public func appending(_ index: Int) -> JSONPointer {
        JSONPointer(escapedText + "/" + String(index))
    }

    public var isRoot: Bool {
        escapedText.isEmpty
    }

    /// The unescaped reference tokens, e.g. `["a/b", "0"]` for `/a~1b/0`.
    public var referenceTokens: [String] {
        guard !escapedText.isEmpty else { return [] }
        return escapedText.split(separator: "/", omittingEmptySubsequences: false)
            .dropFirst()
            .map { Self.unescape(Substring($0)) }
    }

    public var description: String {
        escapedText
    }

    private static func escape(_ key: String) -> String {
        guard key.utf8.contains(where: { $0 == ASCII.tilde || $0 == ASCII.slash }) else { return key }
        var result = ""
        for character in key.unicodeScalars {
            switch character {
            case "~": result += "~0"
            case "/": result += "~1"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    private static func unescape(_ token: Substring) -> String {
        guard token.contains("~") else { return String(token) }
        var result = ""
        var scalars = token.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "~" else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalars.next() {
            case "0": result += "~"
            case "1": result += "/"
            case let other?: result += "~"; result.unicodeScalars.append(other)
            case nil: result += "~"
            }
        }
        return result
    }
}
