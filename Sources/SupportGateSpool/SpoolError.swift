#if canImport(Glibc)
import Glibc
#endif

/// A file-system failure in the spool, with the path and the system's reason.
public struct SpoolError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let path: String
    public let errno: Int32

    public init(_ message: String, path: String, errno: Int32) {
        self.message = message
        self.path = path
        self.errno = errno
    }

    /// Out of space or quota: worth backing off and retrying, not a bad draft.
    public var isResourceExhausted: Bool {
        errno == ENOSPC || errno == EDQUOT
    }

    public var description: String {
        return "\(path): \(message): \(String(cString: strerror(errno)))"
    }

    /// What kind of fault this is, without a path or a file name: for places every local
    /// user can read (STATUS= in `systemctl status`), where another tenant's file names
    /// must not appear. The journal entry has the whole description.
    public var kind: String {
        let reason = String(cString: strerror(errno))
        guard let name = Self.errnoNames[errno] else { return "errno \(errno) (\(reason))" }
        return "\(name) (\(reason))"
    }

    /// The errno's symbolic name (`ENOSPC`), or `errno N` for one not listed: a label for metrics.
    public var errnoName: String {
        return Self.errnoNames[errno] ?? "errno \(errno)"
    }

    private static let errnoNames: [Int32: String] = [
        EPERM: "EPERM", ENOENT: "ENOENT", EIO: "EIO", EACCES: "EACCES", EEXIST: "EEXIST", EXDEV: "EXDEV",
        ENOTDIR: "ENOTDIR", EISDIR: "EISDIR", EINVAL: "EINVAL", ENFILE: "ENFILE", EMFILE: "EMFILE", ENOSPC: "ENOSPC",
        EROFS: "EROFS", EMLINK: "EMLINK", ENAMETOOLONG: "ENAMETOOLONG", ELOOP: "ELOOP", EDQUOT: "EDQUOT",
        ENOMEM: "ENOMEM", ESTALE: "ESTALE", EBUSY: "EBUSY", EBADF: "EBADF", EFAULT: "EFAULT",
    ]
}
