import CLinuxShim
#if canImport(Glibc)
import Glibc
#endif

/// Opening, examining, naming and syncing files. Descriptor-relative calls (`openat`,
/// `renameat2`, `unlinkat`) are the spool's: a path component swapped for a symlink cannot
/// redirect them.
extension SystemCall {
    public static func open(_ path: some SystemPathName, _ flags: Int32, mode: mode_t = 0) throws(SystemCallError) -> Int32 {
        try retrying("open") { path.withCString { Glibc.open($0, flags, mode) } }
    }

    public static func openat(_ directory: Int32, _ name: some SystemPathName, _ flags: Int32, mode: mode_t = 0) throws(SystemCallError) -> Int32 {
        try retrying("openat") { name.withCString { Glibc.openat(directory, $0, flags, mode) } }
    }

    /// open(path, O_PATH | O_DIRECTORY): a directory handle for *at() calls that needs no read
    /// permission (a drop folder one may write to but not list).
    public static func openDirectoryPath(_ path: some SystemPathName) throws(SystemCallError) -> Int32 {
        try retrying("open O_PATH") { path.withCString { sg_open_directory_path($0) } }
    }

    public static func fstat(_ descriptor: Int32) throws(SystemCallError) -> Glibc.stat {
        var status = Glibc.stat()
        try retrying("fstat") { Glibc.fstat(descriptor, &status) }
        return status
    }

    /// The entry itself, a symlink not followed.
    public static func fstatat(_ directory: Int32, _ name: some SystemPathName, flags: Int32 = AT_SYMLINK_NOFOLLOW) throws(SystemCallError) -> Glibc.stat {
        var status = Glibc.stat()
        try retrying("fstatat") { name.withCString { Glibc.fstatat(directory, $0, &status, flags) } }
        return status
    }

    public static func lstat(_ path: some SystemPathName) throws(SystemCallError) -> Glibc.stat {
        var status = Glibc.stat()
        try retrying("lstat") { path.withCString { Glibc.lstat($0, &status) } }
        return status
    }

    /// The file `path` names, a symlink followed.
    public static func followingStat(_ path: some SystemPathName) throws(SystemCallError) -> Glibc.stat {
        var status = Glibc.stat()
        try retrying("stat") { path.withCString { Glibc.fstatat(AT_FDCWD, $0, &status, 0) } }
        return status
    }

    /// Whether the caller may reach `path` as `mode` asks (F_OK: it exists), as the real user.
    public static func access(_ path: some SystemPathName, _ mode: Int32) throws(SystemCallError) {
        try retrying("access") { path.withCString { Glibc.access($0, mode) } }
    }

    public static func mkdirat(_ directory: Int32, _ name: some SystemPathName, mode: mode_t) throws(SystemCallError) {
        try retrying("mkdirat") { name.withCString { Glibc.mkdirat(directory, $0, mode) } }
    }

    public static func unlinkat(_ directory: Int32, _ name: some SystemPathName) throws(SystemCallError) {
        try retrying("unlinkat") { name.withCString { Glibc.unlinkat(directory, $0, 0) } }
    }

    public static func unlink(_ path: some SystemPathName) throws(SystemCallError) {
        try retrying("unlink") { path.withCString { Glibc.unlink($0) } }
    }

    /// Replaces whatever `to` names in the same step: a reader finds the old file or the new one.
    public static func renameat(_ directory: Int32, _ from: some SystemPathName, _ targetDirectory: Int32, _ to: some SystemPathName) throws(SystemCallError) {
        try retrying("renameat") { from.withCString { old in to.withCString { new in Glibc.renameat(directory, old, targetDirectory, new) } } }
    }

    /// renameat2(RENAME_NOREPLACE): fails with EEXIST rather than replace what `to` names.
    public static func renameNoReplace(_ directory: Int32, _ from: some SystemPathName, _ targetDirectory: Int32, _ to: some SystemPathName) throws(SystemCallError) {
        try retrying("renameat2") { from.withCString { old in to.withCString { new in sg_rename_noreplace(directory, old, targetDirectory, new) } } }
    }

    public static func rename(_ from: some SystemPathName, _ to: some SystemPathName) throws(SystemCallError) {
        try retrying("rename") { from.withCString { old in to.withCString { new in Glibc.rename(old, new) } } }
    }

    public static func fsync(_ descriptor: Int32) throws(SystemCallError) {
        try retrying("fsync") { Glibc.fsync(descriptor) }
    }

    /// Flushes the whole file system holding `descriptor` (a group commit).
    public static func syncfs(_ descriptor: Int32) throws(SystemCallError) {
        try retrying("syncfs") { sg_syncfs(descriptor) }
    }

    /// Gives `path` (not a link it may be) to `owner`:`group`.
    public static func lchown(_ path: some SystemPathName, owner: uid_t, group: gid_t) throws(SystemCallError) {
        try retrying("lchown") { path.withCString { Glibc.lchown($0, owner, group) } }
    }

    public static func fchmod(_ descriptor: Int32, _ mode: mode_t) throws(SystemCallError) {
        try retrying("fchmod") { Glibc.fchmod(descriptor, mode) }
    }

    public static func dup(_ descriptor: Int32) throws(SystemCallError) -> Int32 {
        try retrying("dup") { Glibc.dup(descriptor) }
    }

    /// flock(LOCK_EX | LOCK_NB): false while another holds the lock.
    public static func tryLockExclusive(_ descriptor: Int32) throws(SystemCallError) -> Bool {
        do throws(SystemCallError) {
            try retrying("flock") { flock(descriptor, LOCK_EX | LOCK_NB) }
            return true
        } catch where error.errno == EWOULDBLOCK {
            return false
        }
    }

    /// A read lease taken and dropped: true when no one has the file open for writing, false
    /// when someone does (EAGAIN); other errors when leases are not permitted here.
    public static func hasNoWriters(_ descriptor: Int32) throws(SystemCallError) -> Bool {
        do throws(SystemCallError) {
            try retrying("fcntl F_SETLEASE") { sg_probe_no_writers(descriptor) }
            return true
        } catch where error.errno == EAGAIN {
            return false
        }
    }

    /// Sets the POSIX access ACL (the kernel's xattr format) on an open file or folder.
    public static func setAccessACL(_ descriptor: Int32, _ value: [UInt8]) throws(SystemCallError) {
        try retrying("fsetxattr system.posix_acl_access") {
            value.withUnsafeBytes { sg_set_access_acl(descriptor, $0.baseAddress, UInt($0.count)) }
        }
    }

    /// Reads the POSIX access ACL into `buffer` (a nil start with count 0 asks for its size):
    /// the number of bytes it holds.
    public static func getAccessACL(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> Int {
        try retrying("fgetxattr system.posix_acl_access") { sg_get_access_acl(descriptor, buffer.baseAddress, UInt(buffer.count)) }
    }
}
