#if canImport(Glibc)
import Glibc
#endif
import SupportGateCore

/// Who a uid is, in the terms the directory uses: the uid and its group names.
public enum SubmitterLookup {
    /// The groups of `uid`, primary and supplementary, from the user database. The group a
    /// dropped file happens to have is not used: a user can give a file any group it is in,
    /// and in a setgid drop folder every file has the folder's group.
    public static func identity(uid: UInt32) -> SubmitterIdentity {
        var gids: Set<gid_t> = []
        if let entry = getpwuid(uid) {
            let primary = entry.pointee.pw_gid
            gids.insert(primary)
            var count: Int32 = 64
            var list = [gid_t](repeating: 0, count: Int(count))
            if getgrouplist(entry.pointee.pw_name, primary, &list, &count) == -1 {
                list = [gid_t](repeating: 0, count: Int(count))
                _ = getgrouplist(entry.pointee.pw_name, primary, &list, &count)
            }
            gids.formUnion(list.prefix(Int(max(count, 0))))
        }
        let names = gids.compactMap { gid -> String? in
            guard let group = getgrgid(gid) else { return nil }
            return String(cString: group.pointee.gr_name)
        }
        return SubmitterIdentity(uid: uid, groups: Set(names))
    }

    /// The uid of a user name, from the user database; nil when there is none.
    public static func userID(_ name: String) -> UInt32? {
        var user = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getpwnam_r(name, &user, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return user.pw_uid
    }

    /// The gid of a group name, from the group database; nil when there is none.
    public static func groupID(_ name: String) -> UInt32? {
        var group = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getgrnam_r(name, &group, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return group.gr_gid
    }
}
