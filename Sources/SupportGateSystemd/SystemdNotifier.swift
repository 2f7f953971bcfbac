import CSystemd

/// The service manager through libsystemd's `sd_notify`. Outside systemd (no NOTIFY_SOCKET)
/// every call is a cheap no-op.
public struct SystemdNotifier: ServiceNotifier {
    public init() {}

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

    public func watchdogAlive() {
        notify("WATCHDOG=1")
    }

    private func notify(_ state: String) {
        _ = state.withCString { sd_notify(0, $0) }
    }
}
