import SystemCalls
#if canImport(Glibc)
import Glibc
#endif

extension AccessControlList {
    /// The access rules of the file or folder open at `descriptor`, to put on another that
    /// shares its readers (the forwarder's record beside the gate's result): the same named
    /// users and groups with the same rights (the ACL's mask), the new one's owner getting
    /// `owner`. Nil when it has no ACL beyond its mode bits (or none could be read).
    public static func copying(from descriptor: Int32, owner: UInt16) -> AccessControlList? {
        var buffer = [UInt8](repeating: 0, count: 4_096)
        let count = buffer.withUnsafeMutableBytes { (try? SystemCall.getAccessACL(descriptor, into: $0)) ?? 0 }
        guard count >= 4 else { return nil }
        var users: Set<UInt32> = []
        var groups: Set<UInt32> = []
        var mask: UInt16?
        var offset = 4
        while offset + 8 <= count {
            let tag = UInt16(buffer[offset]) | UInt16(buffer[offset + 1]) << 8
            let permissions = UInt16(buffer[offset + 2]) | UInt16(buffer[offset + 3]) << 8
            let id = (0..<4).reduce(UInt32(0)) { $0 | UInt32(buffer[offset + 4 + $1]) << (8 * UInt32($1)) }
            switch tag {
            case 0x02: users.insert(id)  // ACL_USER
            case 0x08: groups.insert(id)  // ACL_GROUP
            case 0x10: mask = permissions  // ACL_MASK
            default: break
            }
            offset += 8
        }
        guard !users.isEmpty || !groups.isEmpty else { return nil }
        return AccessControlList(owner: owner, users: users, groups: groups, named: mask ?? 0)
    }

    /// Sets this ACL on an open file or folder (one the caller owns).
    public func set(on descriptor: Int32) throws(SystemCallError) {
        try apply(to: descriptor)
    }
}
