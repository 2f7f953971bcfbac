/// A JSON object that keeps its members in document order.
///
/// Key lookup compares keys code unit by code unit, as RFC 8259 does, rather than
/// with Swift's canonical-equivalence `String` comparison. Equality of two objects
/// is structural and order-sensitive.
public struct JSONObject: Sendable, Hashable {
    /// The members in document order.
    public var members: [JSONMember]

    public init(_ members: [JSONMember] = []) {
        self.members = members
    }

    /// The value for `key`. Setting a value replaces the first member with that key or
    /// appends a new member; setting nil removes every member with that key.
    public subscript(key: String) -> JSONValue? {
        get {
            // By index: reading `members[index].key` does not copy (retain) the member's value.
            for index in members.indices where ExactKey.equal(members[index].key, key) {
                return members[index].value
            }
            return nil
        }
        set {
            guard let newValue else {
                members.removeAll { ExactKey.equal($0.key, key) }
                return
            }
            if let index = members.firstIndex(where: { ExactKey.equal($0.key, key) }) {
                members[index].value = newValue
            } else {
                members.append(JSONMember(key: key, value: newValue))
            }
        }
    }

    /// Adds a member at the end without looking for the key: for building an object
    /// whose keys the caller knows to be distinct (the subscript setter scans first).
    public mutating func append(_ key: String, _ value: JSONValue) {
        members.append(JSONMember(key: key, value: value))
    }

    /// True when two keys are the same member name: the same code points, byte for
    /// byte (not Swift's canonical equivalence, under which "\u{212A}" equals "K").
    public static func keysEqual(_ lhs: String, _ rhs: String) -> Bool {
        ExactKey.equal(lhs, rhs)
    }

    /// The keys in document order.
    public var keys: [String] {
        members.map(\.key)
    }

    public var count: Int {
        members.count
    }

    public var isEmpty: Bool {
        members.isEmpty
    }
}
