#if canImport(Glibc)
import Glibc
#endif

/// The one way the gate makes a system call: a call interrupted by a signal (EINTR) is made
/// again, a failure that means the code is wrong (EBADF, EFAULT) stops the process naming the
/// call, and any other failure becomes an error naming the call and its errno, so no return
/// code goes unchecked. After swift-nio's `syscall(blocking:)` and its "unacceptable errno"
/// precondition. The calls themselves are in the extensions beside this file, one family each.
public enum SystemCall {
    /// Makes `body` until it does not fail with EINTR. `standardStream`: the call works on
    /// descriptor 0, 1 or 2, which whoever started the process may have closed, so EBADF there
    /// is the environment's, not a mistake of this code.
    @discardableResult
    public static func retrying<Value: FixedWidthInteger & SignedInteger>(
        _ name: String, standardStream: Bool = false, _ body: () -> Value
    ) throws(SystemCallError) -> Value {
        while true {
            let value = body()
            if value != -1 { return value }
            try failed(name, errno: errno, standardStream: standardStream)
        }
    }

    /// A pointer-returning call (opendir, fdopendir): nil is its failure, with errno. Through
    /// `retrying`, the one EINTR loop.
    public static func retryingPointer<Pointee>(_ name: String, _ body: () -> Pointee?) throws(SystemCallError) -> Pointee {
        var value: Pointee?
        try retrying(name) { () -> Int32 in
            value = body()
            return value == nil ? -1 : 0
        }
        return value!
    }

    /// Closes a descriptor once. Never made again after EINTR: Linux has freed the descriptor
    /// by then, and a second close could close one another thread has just opened. Other
    /// failures (EIO from a network file system's late write error) are reported.
    public static func close(_ descriptor: Int32) throws(SystemCallError) {
        guard Glibc.close(descriptor) != 0 else { return }
        try failed("close", errno: errno, standardStream: isStandardStream(descriptor))
    }

    /// What a failed call's errno means (`SystemCallFailure`): returns after EINTR (the
    /// caller may make the call again), stops the process after a programming error, and
    /// throws anything else. Never inlined: it is the cold path, and Swift 6.3.1's optimizer
    /// aborts (DCE, "critical successors") when it inlines this into `close` under `-O`.
    @inline(never)
    static func failed(_ name: String, errno code: Int32, standardStream: Bool = false) throws(SystemCallError) {
        switch SystemCallFailure(errno: code, standardStream: standardStream) {
        case .interrupted: return
        case .programmingError: stopLoudly(name, code)
        case .reported: throw SystemCallError(call: name, errno: code)
        }
    }

    /// EBADF or EFAULT: a descriptor used after its close (maybe now someone else's file) or a
    /// bad pointer. Going on could write into the wrong file; the service manager restarts us.
    static func stopLoudly(_ name: String, _ code: Int32) -> Never {
        fatalError("\(name) failed with \(SystemCallError(call: name, errno: code).errnoName): a programming error, not a fault of the system")
    }
}
