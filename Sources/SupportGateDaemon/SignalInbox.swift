import CLinuxShim
#if canImport(Glibc)
import Glibc
#endif

/// SIGHUP, SIGTERM and SIGINT as readable events (signalfd), so the loop handles
/// them between batches, never in the middle of a commit; and the reload signal that
/// `supportgate reload` sends with a token (`sg_reload_signal`, which queues).
package final class SignalInbox {
    package enum Request: Equatable {
        /// `token`: the value a `supportgate reload` sent with the signal (sigqueue), which
        /// waits for the answer under that name; nil for a plain SIGHUP.
        case reload(token: Int32?)
        case stop
    }

    let descriptor: Int32

    init() {
        var mask = sigset_t()
        sigemptyset(&mask)
        for signal in [SIGHUP, SIGTERM, SIGINT, sg_reload_signal()] {
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
            let signal = Int32(info.ssi_signo)
            guard signal == SIGHUP || signal == sg_reload_signal() else {
                requests.append(.stop)
                continue
            }
            requests.append(.reload(token: info.ssi_code == SI_QUEUE ? info.ssi_int : nil))
        }
        return requests
    }
}
