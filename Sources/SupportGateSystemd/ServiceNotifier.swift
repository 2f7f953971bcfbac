import CSystemd

/// Talks to the service manager through `sd_notify`. Outside systemd
/// (no NOTIFY_SOCKET) every call is a cheap no-op.
public struct ServiceNotifier: Sendable {
    public init() {}

    /// The watchdog interval systemd asked for, if any.
    public var watchdogIntervalMicroseconds: UInt64? {
        var usec: UInt64 = 0
        return sd_watchdog_enabled(0, &usec) > 0 ? usec : nil
    }

    public func ready(status: String) {
        notify("READY=1\nSTATUS=\(status)")
    }

    public func status(_ text: String) {
        notify("STATUS=\(text)")
    }

    public func reloading(status: String) {
        notify("RELOADING=1\nSTATUS=\(status)")
    }

    public func stopping(status: String) {
        notify("STOPPING=1\nSTATUS=\(status)")
    }

    /// Sent once per turn of the intake loop (which wakes at least every half watchdog
    /// interval), and while a batch is decided as its drafts are (WatchdogFeeder): a gate
    /// stuck in a draft, a syscall or SIGSTOP stops sending it.
    public func watchdogAlive() {
        notify("WATCHDOG=1")
    }

    private func notify(_ state: String) {
        _ = state.withCString { sd_notify(0, $0) }
    }
}
