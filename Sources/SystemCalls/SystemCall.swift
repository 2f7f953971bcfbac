#if canImport(Glibc)
import Glibc
#endif

/// The one way new code makes a system call: a call interrupted by a signal (EINTR) is made
/// again, and any other failure becomes an error that names the call and its errno, so no
/// return code goes unchecked. After swift-nio's `syscall(blocking:)`.
public enum SystemCall {
    @discardableResult
    public static func retrying<Value: FixedWidthInteger & SignedInteger>(_ name: String, _ body: () -> Value) throws(SystemCallError) -> Value {
        while true {
            let value = body()
            if value != -1 { return value }
            let code = errno
            if code == EINTR { continue }
            throw SystemCallError(call: name, errno: code)
        }
    }

    /// Writes all of `bytes`, however many calls it takes.
    public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemCallError) {
        var offset = 0
        while offset < bytes.count {
            offset += try retrying("write") { write(descriptor, bytes.baseAddress! + offset, bytes.count - offset) }
        }
    }

    /// Reads from the current offset up to `limit` bytes: until the end of the file, the
    /// limit, or the first failure, and returns what was read by then (a caller that must
    /// tell a failure from the end reads with `retrying` itself).
    public static func readPrefix(_ descriptor: Int32, limit: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: min(limit, 65_536))
        while bytes.count < limit {
            let wanted = min(chunk.count, limit - bytes.count)
            guard let count = try? retrying("read", { chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, wanted) } }),
                  count > 0 else { break }
            bytes += chunk[..<count]
        }
        return bytes
    }

    public static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) throws(SystemCallError) {
        // `withUnsafeBytes` rethrows untyped: the error travels out in a Result.
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(SystemCallError) in try writeAll(descriptor, buffer) }
        }.get()
    }
}

/// A system call that failed, with its errno.
public struct SystemCallError: Error, Sendable, Equatable, CustomStringConvertible {
    public let call: String
    public let errno: Int32

    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String { "\(call): \(String(cString: strerror(errno)))" }
}

/// Seconds on the monotonic clock, for measuring and waiting (never for dates).
public enum MonotonicClock {
    public static func seconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    public static func milliseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1_000 + Int64(time.tv_nsec) / 1_000_000
    }
}
