/// One entry of a POSIX access ACL as the kernel hands it out in the `system.posix_acl_access`
/// extended attribute (linux/posix_acl_xattr.h: a little-endian version 2, then 8-byte
/// entries of tag, permissions and id).
struct PosixACLEntry: Sendable, Hashable {
    enum Tag: UInt16 {
        case userObject = 0x01, user = 0x02, groupObject = 0x04, group = 0x08, mask = 0x10, other = 0x20
    }

    static let read: UInt16 = 4
    static let version: UInt32 = 2

    let tag: Tag
    let permissions: UInt16
    let id: UInt32

    /// The entries, or nil when the value is not a version 2 ACL of known tags.
    static func parse(_ value: ArraySlice<UInt8>) -> [PosixACLEntry]? {
        let bytes = Array(value)
        func little(_ offset: Int, _ width: Int) -> UInt32 {
            (0..<width).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
        }
        guard bytes.count >= 4, (bytes.count - 4) % 8 == 0, little(0, 4) == version else { return nil }
        var entries: [PosixACLEntry] = []
        for offset in stride(from: 4, to: bytes.count, by: 8) {
            guard let tag = Tag(rawValue: UInt16(little(offset, 2))) else { return nil }
            entries.append(PosixACLEntry(tag: tag, permissions: UInt16(little(offset + 2, 2)), id: little(offset + 4, 4)))
        }
        return entries
    }

    /// The named users and groups the entries let read: their own read permission, limited by
    /// the mask (acl(5): the mask bounds every named entry and the owning group).
    static func namedReaders(_ entries: [PosixACLEntry]) -> (users: [UInt32], groups: [UInt32]) {
        let maskAllowsRead = entries.first { $0.tag == .mask }.map { $0.permissions & read != 0 } ?? true
        guard maskAllowsRead else { return ([], []) }
        let readers = entries.filter { $0.permissions & read != 0 }
        return (readers.filter { $0.tag == .user }.map(\.id), readers.filter { $0.tag == .group }.map(\.id))
    }
}
