/// A string key compared and hashed by its UTF-8 bytes.
///
/// Swift's `String ==` treats canonically equivalent strings ("é" vs "e\u{301}") as
/// equal, but JSON object keys are distinct unless their code points match exactly.
struct ExactKey: Hashable {
    let string: String

    static func == (lhs: ExactKey, rhs: ExactKey) -> Bool {
        equal(lhs.string, rhs.string)
    }

    func hash(into hasher: inout Hasher) {
        var copy = string
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Byte-exact equality; `==` runs first because it rejects mismatches quickly.
    static func equal(_ lhs: String, _ rhs: String) -> Bool {
        lhs == rhs && lhs.utf8.elementsEqual(rhs.utf8)
    }
}
