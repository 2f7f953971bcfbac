import CLinuxShim
#if canImport(Glibc)
import Glibc
#endif
import SystemCalls

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

    static let signals = [SIGHUP, SIGTERM, SIGINT, sg_reload_signal()]

    /// Blocks the signals, then opens the descriptor they arrive on. Throws when either fails:
    /// the gate would then never hear SIGTERM or a reload, and must not start so.
    init(signals: [Int32]) throws(SystemCallError) {
        let mask = try SystemCall.blockSignals(signals)
        descriptor = try SystemCall.signalfd(mask, Int32(SFD_NONBLOCK | SFD_CLOEXEC))
    }

    /// For a stored property's initial value, which cannot throw: a failure stops the process
    /// with its reason, before READY, so systemd reports the start as failed.
    convenience init() {
        do throws(SystemCallError) {
            try self.init(signals: Self.signals)
        } catch {
            fatalError("cannot receive signals (\(error)): the gate would never hear SIGTERM or a reload")
        }
    }

    deinit {
        try? SystemCall.close(descriptor)  // nothing is written through it: a failing close loses nothing
    }

    /// Every signal waiting, without blocking: until the queue is empty (EAGAIN).
    func read() -> [Request] {
        var requests: [Request] = []
        var info = signalfd_siginfo()
        let size = MemoryLayout<signalfd_siginfo>.size
        while (withUnsafeMutableBytes(of: &info) { try? SystemCall.read(descriptor, into: $0) }) == size {
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
