/// What the gate tells the service manager: READY, RELOADING, STOPPING, WATCHDOG and STATUS
/// (sd_notify(3)). A protocol so that tests can record the sequence (SupportGateTestKit's
/// `RecordingNotifier`); `SystemdNotifier` is the gate's own.
public protocol ServiceNotifier: Sendable {
    /// The watchdog interval the service manager asked for (WATCHDOG_USEC), if any.
    var watchdogIntervalMicroseconds: UInt64? { get }

    func ready(status: String)
    func status(_ text: String)
    /// A reload has started; `ready(status:)` follows once it is applied or refused.
    func reloading(status: String)
    func stopping(status: String)
    /// Sent once per turn of the intake loop (which wakes at least every half watchdog
    /// interval), and while a batch is decided as its drafts are (WatchdogFeeder): a gate
    /// stuck in a draft, a syscall or SIGSTOP stops sending it.
    func watchdogAlive()
}
