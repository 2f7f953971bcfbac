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
        "\(path): \(message): \(String(cString: strerror(errno)))"
    }
}
