/// One `"key": value` pair of a JSON object.
public struct JSONMember: Sendable, Hashable {
    public var key: String {
        didSet { keyHash = KeyHash.of(key) }
    }
    public var value: JSONValue
    /// A hash of the key's bytes, so that finding a member compares integers before strings.
    private(set) var keyHash: UInt64

    public init(key: String, value: JSONValue) {
        self.init(key: key, keyHash: KeyHash.of(key), value: value)
    }

    init(key: String, keyHash: UInt64, value: JSONValue) {
        self.key = key
        self.keyHash = keyHash
        self.value = value
    }
}

/// FNV-1a over a key's UTF-8 bytes: equal keys (byte for byte) have equal hashes.
enum KeyHash {
    static func of(_ key: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
