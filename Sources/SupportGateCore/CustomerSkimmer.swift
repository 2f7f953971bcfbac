#if canImport(Glibc)
import Glibc
#endif

/// The common shape of a directory customer, read straight from its bytes into the table,
/// without a parse tree: an object of the customer fields, each once, whose strings are
/// plain printable ASCII without escapes, with valid GUIDs, a known cloud, and
/// relationships of `partnerTenantId` and `azureAccessGranted` (true or false) with distinct
/// partners. Anything else (another field, an escape, a non-ASCII name, a null, a bad GUID, a
/// number) is left to the parser and `DirectoryDecoder`, which accept or refuse it with a
/// located problem; so this is never looser than they are, only faster where they would
/// accept.
struct CustomerSkimmer {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0

    private init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// The count of bytes the customer takes, once added to `table`; nil to leave it to the parser.
    static func skim(_ bytes: UnsafeRawBufferPointer, into table: inout CustomerTable.Builder) -> Int? {
        var skimmer = CustomerSkimmer(bytes)
        return skimmer.customer(into: &table)
    }

    private mutating func customer(into table: inout CustomerTable.Builder) -> Int? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var seen: UInt8 = 0
        var tenantId: TenantGUID?
        var name = 0..<0
        var cloud = Cloud.public
        var domains: [Range<Int>] = []
        var relationships: [(partner: TenantGUID, azureAccessGranted: Bool)] = []
        repeat {
            guard let key = plainString(), let field = Field(key: bytes[key]), seen & field.rawValue == 0, take(UInt8(ascii: ":")) else { return nil }
            seen |= field.rawValue
            switch field {
            case .tenantId:
                guard let id = guid() else { return nil }
                tenantId = id
            case .name:
                guard let text = plainString() else { return nil }
                name = text
            case .cloud:
                guard let text = plainString(), let value = Cloud(rawValue: String(decoding: bytes[text], as: UTF8.self)) else { return nil }
                cloud = value
            case .domains:
                guard let list = list({ (skimmer: inout CustomerSkimmer) in skimmer.plainString() }) else { return nil }
                domains = list
            case .relationships:
                guard let list = list({ (skimmer: inout CustomerSkimmer) in skimmer.relationship() }) else { return nil }
                relationships = list
                for (index, relationship) in relationships.enumerated()
                where relationships[..<index].contains(where: { $0.partner == relationship.partner }) {
                    return nil
                }
            }
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "}")), let tenantId,
              table.append(id: tenantId, name: name, cloud: cloud, domains: domains, relationships: relationships, in: bytes) else { return nil }
        return position
    }

    /// The customer fields, as bits of a mask of those seen.
    private enum Field: UInt8 {
        case tenantId = 1, name = 2, cloud = 4, domains = 8, relationships = 16

        init?(key: Slice<UnsafeRawBufferPointer>) {
            let field: Field? = switch key.count {
            case 8: .tenantId
            case 4: .name
            case 5: .cloud
            case 7: .domains
            case 13: .relationships
            default: nil
            }
            guard let field, field.key.withUTF8Buffer({ CustomerSkimmer.equal(key, $0) }) else { return nil }
            self = field
        }

        var key: StaticString {
            switch self {
            case .tenantId: "tenantId"
            case .name: "name"
            case .cloud: "cloud"
            case .domains: "domains"
            case .relationships: "relationships"
            }
        }
    }

    private mutating func relationship() -> (partner: TenantGUID, azureAccessGranted: Bool)? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var partner: TenantGUID?
        var granted: Bool?
        repeat {
            guard let key = plainString(), take(UInt8(ascii: ":")) else { return nil }
            if Self.equal(bytes[key], "partnerTenantId"), partner == nil {
                guard let id = guid() else { return nil }
                partner = id
            } else if Self.equal(bytes[key], "azureAccessGranted"), granted == nil {
                guard let flag = boolean() else { return nil }
                granted = flag
            } else {
                return nil
            }
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "}")), let partner else { return nil }
        return (partner, granted ?? false)
    }

    /// `[ item, … ]`, possibly empty.
    private mutating func list<Item>(_ item: (inout CustomerSkimmer) -> Item?) -> [Item]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var items: [Item] = []
        if take(UInt8(ascii: "]")) { return items }
        repeat {
            guard let next = item(&self) else { return nil }
            items.append(next)
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? items : nil
    }

    private mutating func guid() -> TenantGUID? {
        guard let text = plainString() else { return nil }
        return TenantGUID(utf8: UnsafeRawBufferPointer(rebasing: bytes[text]))
    }

    /// `true` or `false`; what follows is the caller's to check (`,` or `}`).
    private mutating func boolean() -> Bool? {
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
    private mutating func plainString() -> Range<Int>? {
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
    private mutating func take(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): position += 1
            default: return
            }
        }
    }

}
