#if canImport(Glibc)
import Glibc
#endif

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

    /// Byte-exact equality, compared as raw bytes (no Unicode normalisation).
    static func equal(_ lhs: String, _ rhs: String) -> Bool {
        // Most keys compared in a lookup differ in length: O(1) for native strings.
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        var lhs = lhs
        var rhs = rhs
        return lhs.withUTF8 { left in
            rhs.withUTF8 { right in
                left.count == right.count && (left.count == 0 || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0)
            }
        }
    }
}
