import CLinuxShim
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SystemCalls

/// Judges whether the open tenant directory may be read by others (contract §7).
public enum DirectoryConfidentiality {
    /// The user and group the gate runs as, by which named ACL entries are allowed and the fix
    /// is worded. Run as root (`config check`, a package's scripts), the service user
    /// `supportgate` when it exists: its verdict is the daemon's.
    public struct GateIdentity: Sendable, Hashable {
        public let uid: UInt32
        public let gid: UInt32
        public let groupName: String

        public init(uid: UInt32, gid: UInt32, groupName: String) {
            self.uid = uid
            self.gid = gid
            self.groupName = groupName
        }

        public static let serviceUser = "supportgate"

        /// The reentrant lookups: a reload runs this on the loader's thread while the worker
        /// looks submitters up with getpwuid, whose static entry getpwnam would overwrite.
        public static func current() -> GateIdentity {
            var uid = geteuid()
            var gid = getegid()
            var buffer = [CChar](repeating: 0, count: 16_384)
            if uid == 0 {
                var entry = passwd()
                var found: UnsafeMutablePointer<passwd>?
                if getpwnam_r(serviceUser, &entry, &buffer, buffer.count, &found) == 0, found != nil {
                    uid = entry.pw_uid
                    gid = entry.pw_gid
                }
            }
            var group = Glibc.group()
            var found: UnsafeMutablePointer<Glibc.group>?
            let name = getgrgid_r(gid, &group, &buffer, buffer.count, &found) == 0 && found != nil
                ? String(cString: group.gr_name) : String(gid)
            return GateIdentity(uid: uid, gid: gid, groupName: name)
        }
    }

    static let otherRead: UInt32 = 0o004

    /// nil when only the owner, the owning group, root and the gate may read the file open as
    /// `descriptor` (with `status` its fstat).
    public static func exposure(descriptor: Int32, status: stat, path: String,
                                gate: GateIdentity = .current()) -> DirectoryExposure? {
        let mode = UInt32(status.st_mode) & 0o7777
        let othersMayRead = mode & otherRead != 0
        var aclUsers: [UInt32] = []
        var aclGroups: [UInt32] = []
        var aclUnreadable: String?
        switch readAccessACL(descriptor) {
        case .success(let entries):
            let granted = PosixACLEntry.namedReaders(entries)
            aclUsers = granted.users.filter { $0 != 0 && $0 != gate.uid && $0 != UInt32(status.st_uid) }
            aclGroups = granted.groups.filter { $0 != gate.gid && $0 != UInt32(status.st_gid) }
        case .failure(let error):
            aclUnreadable = error.description
        }
        guard othersMayRead || !aclUsers.isEmpty || !aclGroups.isEmpty || aclUnreadable != nil else { return nil }
        let quoted = shellQuoted(path)
        var commands: [String] = []
        if othersMayRead {
            let gateReadsAnyway = status.st_uid == gate.uid || status.st_gid == gate.gid || gate.uid == 0
            commands.append(gateReadsAnyway ? "chmod o-r \(quoted)" : "chown root:\(gate.groupName) \(quoted) && chmod 0640 \(quoted)")
        }
        let named = aclUsers.map { "u:\($0)" } + aclGroups.map { "g:\($0)" }
        if !named.isEmpty { commands.append("setfacl -x \(named.joined(separator: ",")) \(quoted)") }
        if aclUnreadable != nil { commands.append("setfacl -b \(quoted)") }
        return DirectoryExposure(path: path, mode: mode, othersMayRead: othersMayRead, aclUsers: aclUsers, aclGroups: aclGroups,
                                 aclUnreadable: aclUnreadable, fix: commands.joined(separator: " && "))
    }

    /// The entries of the file's access ACL; none when it has no ACL beyond its mode, or its
    /// file system takes none.
    static func readAccessACL(_ descriptor: Int32) -> Result<[PosixACLEntry], SystemCallError> {
        // The size first: an ACL may hold thousands of entries.
        let size: Int
        do {
            size = try SystemCall.getAccessACL(descriptor, into: UnsafeMutableRawBufferPointer(start: nil, count: 0))
        } catch where error.errno == ENODATA || error.errno == EOPNOTSUPP {
            return .success([])
        } catch {
            return .failure(error)
        }
        var buffer = [UInt8](repeating: 0, count: size)
        let read: Int
        do {
            read = try buffer.withUnsafeMutableBytes { bytes in
                Result { () throws(SystemCallError) in
                    try SystemCall.getAccessACL(descriptor, into: bytes)
                }
            }.get()
        } catch where error.errno == ENODATA {
            return .success([])  // removed between the two calls
        } catch {
            return .failure(error)
        }
        return PosixACLEntry.parse(buffer[..<read]).map { .success($0) }
            ?? .failure(SystemCallError(call: "system.posix_acl_access (not version 2 entries)", errno: EINVAL))
    }

    /// `path` as one word for a shell, so the fix can be pasted.
    static func shellQuoted(_ path: String) -> String {
        let plain = path.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || "/._-+,:@".utf8.contains(byte)
        }
        return plain && !path.isEmpty ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
