import CLinuxShim
#if canImport(Glibc)
import Glibc
#endif

/// SIGHUP, SIGTERM and SIGINT as readable events (signalfd), so the loop handles
/// them between batches, never in the middle of a commit.
final class SignalInbox {
    enum Request {
        case reload, stop
    }

    let descriptor: Int32

    init() {
        var mask = sigset_t()
        sigemptyset(&mask)
        for signal in [SIGHUP, SIGTERM, SIGINT] {
            sigaddset(&mask, signal)
        }
        sigprocmask(SIG_BLOCK, &mask, nil)
        descriptor = signalfd(-1, &mask, Int32(SFD_NONBLOCK | SFD_CLOEXEC))
    }

    deinit {
        close(descriptor)
    }

    func read() -> [Request] {
        var requests: [Request] = []
        var info = signalfd_siginfo()
        while Glibc.read(descriptor, &info, MemoryLayout<signalfd_siginfo>.size) == MemoryLayout<signalfd_siginfo>.size {
            requests.append(Int32(info.ssi_signo) == SIGHUP ? .reload : .stop)
        }
        return requests
    }
}
