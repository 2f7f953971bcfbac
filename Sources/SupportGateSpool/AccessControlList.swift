import SystemCalls
#if canImport(Glibc)
import Glibc
#endif

/// A POSIX access ACL, written as the kernel takes it in the `system.posix_acl_access`
/// extended attribute (the format libacl writes: a version, then entries sorted by tag
/// and id). The gate owns the files and folders it sets one on, so no privilege is needed.
/// Owner read/write (or search, for a folder); named users and groups get `named`, and one
/// more named user (the forwarder) may get permissions of its own; the owning group and
/// others nothing. The mask is the union of the named entries' permissions, so it widens
/// no entry: each named user and group keeps exactly its own.
public struct AccessControlList: Sendable, Hashable {
    public static let read: UInt16 = 4
    public static let write: UInt16 = 2
    public static let search: UInt16 = 1

    public var owner: UInt16
    public var users: Set<UInt32>
    public var groups: Set<UInt32>
    /// What named users and groups may do: read for a file, search for a folder.
    public var named: UInt16
    /// A user with permissions of its own (`readerPermissions`), beside `users`: the
    /// forwarder, which may list a partner's accepted shelf that submitters may only enter.
    public var reader: UInt32?
    public var readerPermissions: UInt16 = 0

    public init(owner: UInt16, users: Set<UInt32>, groups: Set<UInt32>, named: UInt16) {
        self.owner = owner
        self.users = users
        self.groups = groups
        self.named = named
    }

    /// Each named user's permissions: `named` for `users`, the reader's own for it (both,
    /// should it be one of `users` too: the kernel takes one entry per uid).
    var userEntries: [(uid: UInt32, permissions: UInt16)] {
        var entries: [UInt32: UInt16] = [:]
        for uid in users { entries[uid] = named }
        if let reader { entries[reader, default: 0] |= readerPermissions }
        return entries.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    var mask: UInt16 {
        userEntries.reduce(groups.isEmpty ? 0 : named) { $0 | $1.permissions }
    }

    /// Tags of `struct posix_acl_xattr_entry` (linux/posix_acl_xattr.h).
    private enum Tag: UInt16 {
        case userObject = 0x01, user = 0x02, groupObject = 0x04, group = 0x08, mask = 0x10, other = 0x20
    }

    private static let version: UInt32 = 2
    private static let undefinedID: UInt32 = 0xFFFF_FFFF

    var attributeValue: [UInt8] {
        var bytes: [UInt8] = []
        func append32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        func entry(_ tag: Tag, _ permissions: UInt16, _ id: UInt32 = AccessControlList.undefinedID) {
            withUnsafeBytes(of: tag.rawValue.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: permissions.littleEndian) { bytes += $0 }
            append32(id)
        }
        append32(Self.version)
        entry(.userObject, owner)
        for (uid, permissions) in userEntries { entry(.user, permissions, uid) }
        entry(.groupObject, 0)
        for gid in groups.sorted() { entry(.group, named, gid) }
        entry(.mask, mask)
        entry(.other, 0)
        return bytes
    }

    /// Sets this ACL (and so the mode bits it implies) on an open file or folder.
    func apply(to descriptor: Int32) throws(SystemCallError) {
        try SystemCall.setAccessACL(descriptor, attributeValue)
    }

    /// Reads back each named user's and group's permissions and the mask of the ACL on
    /// `descriptor`, for tests that check no entry grants more than it should.
    static func permissions(on descriptor: Int32) -> (users: [UInt32: UInt16], groups: [UInt32: UInt16], mask: UInt16?)? {
        var buffer = [UInt8](repeating: 0, count: 4_096)
        let read = buffer.withUnsafeMutableBytes { try? SystemCall.getAccessACL(descriptor, into: $0) } ?? 0
        guard read >= 4 else { return nil }
        var found: (users: [UInt32: UInt16], groups: [UInt32: UInt16], mask: UInt16?) = ([:], [:], nil)
        var offset = 4
        while offset + 8 <= Int(read) {
            let tag = UInt16(buffer[offset]) | UInt16(buffer[offset + 1]) << 8
            let permissions = UInt16(buffer[offset + 2]) | UInt16(buffer[offset + 3]) << 8
            let id = (0..<4).reduce(UInt32(0)) { $0 | UInt32(buffer[offset + 4 + $1]) << (8 * UInt32($1)) }
            switch Tag(rawValue: tag) {
            case .user: found.users[id] = permissions
            case .group: found.groups[id] = permissions
            case .mask: found.mask = permissions
            default: break
            }
            offset += 8
        }
        return found
    }

    /// Reads back the named users and groups of the ACL on `descriptor`, for checks and tests.
    static func named(on descriptor: Int32) -> (users: Set<UInt32>, groups: Set<UInt32>)? {
        var buffer = [UInt8](repeating: 0, count: 4_096)
        let read = buffer.withUnsafeMutableBytes { try? SystemCall.getAccessACL(descriptor, into: $0) } ?? 0
        guard read >= 4 else { return nil }
        let count = Int(read)
        var users: Set<UInt32> = []
        var groups: Set<UInt32> = []
        var offset = 4
        while offset + 8 <= count {
            let tag = UInt16(buffer[offset]) | UInt16(buffer[offset + 1]) << 8
            let id = (0..<4).reduce(UInt32(0)) { $0 | UInt32(buffer[offset + 4 + $1]) << (8 * UInt32($1)) }
            if tag == Tag.user.rawValue { users.insert(id) }
            if tag == Tag.group.rawValue { groups.insert(id) }
            offset += 8
        }
        return (users, groups)
    }
}
