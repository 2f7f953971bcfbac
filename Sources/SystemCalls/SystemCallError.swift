#if canImport(Glibc)
import Glibc
#endif

/// A system call that failed, with its errno: the call's name and the errno's symbolic name
/// are what the journal's fields and the metrics' labels carry.
public struct SystemCallError: Error, Sendable, Equatable, CustomStringConvertible {
    public let call: String
    public let errno: Int32

    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String { "\(call): \(String(cString: strerror(errno)))" }

    /// The errno's symbolic name (`ENOSPC`), or `errno N` for one not listed.
    public var errnoName: String { Self.names[errno] ?? "errno \(errno)" }

    private static let names: [Int32: String] = [
        EPERM: "EPERM", ENOENT: "ENOENT", EINTR: "EINTR", EIO: "EIO", EBADF: "EBADF", EAGAIN: "EAGAIN", ENOMEM: "ENOMEM",
        EACCES: "EACCES", EFAULT: "EFAULT", EBUSY: "EBUSY", EEXIST: "EEXIST", EXDEV: "EXDEV", ENOTDIR: "ENOTDIR",
        EISDIR: "EISDIR", EINVAL: "EINVAL", ENFILE: "ENFILE", EMFILE: "EMFILE", ENOSPC: "ENOSPC", EROFS: "EROFS",
        EMLINK: "EMLINK", EPIPE: "EPIPE", ENAMETOOLONG: "ENAMETOOLONG", ELOOP: "ELOOP", EDQUOT: "EDQUOT",
        ESTALE: "ESTALE", ESRCH: "ESRCH", ENODATA: "ENODATA", EOPNOTSUPP: "EOPNOTSUPP",
    ]
}
