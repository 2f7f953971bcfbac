#if canImport(Glibc)
import Glibc
#endif
import SupportGateCore

/// Reads the common shapes of JSON values straight from their bytes, for `CustomerSkimmer`: each reader takes a value of exactly the shape it names or returns nil, leaving
/// the element to the strict parser. Whitespace is JSON's four bytes.
struct ByteSkimmer {
    let bytes: UnsafeRawBufferPointer
    var position = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// `[ item, … ]`, possibly empty, each item appended to `items`; false when it is not
    /// such a list.
    mutating func list<Item>(into items: inout [Item], _ item: (inout ByteSkimmer) -> Item?) -> Bool {
        guard take(UInt8(ascii: "[")) else { return false }
        if take(UInt8(ascii: "]")) { return true }
        repeat {
            guard let next = item(&self) else { return false }
            items.append(next)
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]"))
    }

    mutating func guid() -> TenantGUID? {
        guard let text = plainString() else { return nil }
        return TenantGUID(utf8: UnsafeRawBufferPointer(rebasing: bytes[text]))
    }

    /// `true` or `false`; what follows is the caller's to check (`,` or `}`).
    mutating func boolean() -> Bool? {
        skipWhitespace()
        if position + 4 <= bytes.count, Self.equal(bytes[position..<position + 4], "true") {
            position += 4
            return true
        }
        if position + 5 <= bytes.count, Self.equal(bytes[position..<position + 5], "false") {
            position += 5
            return false
        }
        return nil
    }

    /// A string of printable ASCII without escapes; the range of its text. The closing quote
    /// is found with memchr, then the text checked in one pass without branches (an escaped
    /// quote comes after a backslash, which fails the check).
    mutating func plainString() -> Range<Int>? {
        guard take(UInt8(ascii: "\"")), let base = bytes.baseAddress, position < bytes.count,
              let found = memchr(base + position, Int32(UInt8(ascii: "\"")), bytes.count - position) else { return nil }
        let start = position
        let end = base.distance(to: UnsafeRawPointer(found))
        var outside: UInt8 = 0
        for index in start..<end {
            let byte = bytes[index]
            // Below 0x20 or from 0x7F up wraps to at least 0x5F; a backslash is an escape.
            outside |= (byte &- 0x20 >= 0x5F ? 1 : 0) | (byte == UInt8(ascii: "\\") ? 1 : 0)
        }
        guard outside == 0 else { return nil }
        position = end + 1
        return start..<end
    }

    static func equal(_ slice: Slice<UnsafeRawBufferPointer>, _ text: StaticString) -> Bool {
        text.withUTF8Buffer { equal(slice, $0) }
    }

    static func equal(_ slice: Slice<UnsafeRawBufferPointer>, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard slice.count == text.count else { return false }
        guard let start = slice.base.baseAddress, let other = text.baseAddress else { return text.isEmpty }
        return memcmp(start + slice.startIndex, other, text.count) == 0
    }

    /// Skips whitespace, then takes `byte` if it comes next.
    mutating func take(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    mutating func skipWhitespace() {
        while position < bytes.count && Self.isWhitespace(bytes[position]) {
            position += 1
        }
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t")
    }
}
