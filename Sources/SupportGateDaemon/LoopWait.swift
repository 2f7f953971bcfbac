#if canImport(Glibc)
import Glibc
#endif
import SystemCalls

/// How the loop sleeps, running or standing by: until one of its descriptors can be read or
/// the time is up.
enum LoopWait {
    /// A failed poll (only ENOMEM is left once EINTR is retried and EFAULT stops the process)
    /// is journaled, and the time is slept out anyway, so a failing poll never spins the loop.
    static func untilReadable(_ descriptors: [Int32], milliseconds: Int64, telemetry: GateTelemetry) {
        var polled = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        do throws(SystemCallError) {
            try SystemCall.poll(&polled, milliseconds: Int32(clamping: milliseconds))
        } catch {
            telemetry.waitFailed(error)
            SystemCall.sleep(milliseconds: Int(milliseconds))
        }
    }
}
