#if canImport(Glibc)
import Glibc
#endif
import CLinuxShim
import SystemCalls

/// SIGTERM and SIGINT for `supportgate forward`, blocked before any thread starts and read
/// from a signalfd by the watcher's poll: a stop ends the loop between jobs.
struct ForwardSignals {
    let descriptor: Int32

    init() throws {
        let mask = try SystemCall.blockSignals([SIGTERM, SIGINT])
        descriptor = try SystemCall.signalfd(mask, Int32(SFD_NONBLOCK | SFD_CLOEXEC))
    }
}
