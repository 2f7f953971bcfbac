#if canImport(Glibc)
import Glibc
#endif

/// What a failed call's errno says about whose fault it is: the pure rule `SystemCall`
/// applies, kept apart so a test can check it without ending a process.
public enum SystemCallFailure: Equatable, Sendable {
    /// EINTR: a signal came first; the call is made again.
    case interrupted
    /// EBADF or EFAULT: the code passed a descriptor it does not hold or a bad pointer.
    case programmingError
    /// Anything else: the state of the world (a full disk, a missing file); the caller decides.
    case reported

    /// `standardStream`: EBADF on descriptors 0–2, which the process inherits and whoever
    /// started it may have closed (`supportgate check - <&-`), is reported, not fatal.
    public init(errno code: Int32, standardStream: Bool) {
        switch code {
        case EINTR: self = .interrupted
        case EFAULT: self = .programmingError
        case EBADF: self = standardStream ? .reported : .programmingError
        default: self = .reported
        }
    }
}
