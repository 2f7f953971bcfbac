import SupportGateSystemd
import Synchronization

/// A service manager that keeps what the gate told it, in order, for tests to assert the
/// sequence (READY at start, RELOADING then READY on a reload, WATCHDOG as the loop turns,
/// STOPPING at the end), as swift-service-lifecycle's test kit records a lifecycle.
public final class RecordingNotifier: ServiceNotifier {
    public enum Message: Sendable, Equatable {
        case ready(status: String)
        case status(String)
        case reloading(status: String)
        case stopping(status: String)
        case watchdog

        /// The sd_notify assignment it stands for, without the status text: "READY=1", …
        public var state: String {
            switch self {
            case .ready: "READY=1"
            case .status: "STATUS"
            case .reloading: "RELOADING=1"
            case .stopping: "STOPPING=1"
            case .watchdog: "WATCHDOG=1"
            }
        }
    }

    private let recorded = Mutex<[Message]>([])
    public let watchdogIntervalMicroseconds: UInt64?

    /// - Parameter watchdogIntervalMicroseconds: as WATCHDOG_USEC would give it; nil: no watchdog.
    public init(watchdogIntervalMicroseconds: UInt64? = nil) {
        self.watchdogIntervalMicroseconds = watchdogIntervalMicroseconds
    }

    public var messages: [Message] { recorded.withLock { $0 } }

    /// The messages but STATUS= alone and WATCHDOG=1, which come as often as the loop turns.
    public var lifecycle: [String] {
        messages.map(\.state).filter { $0 != "STATUS" && $0 != "WATCHDOG=1" }
    }

    public func removeAll() { recorded.withLock { $0.removeAll() } }

    public func ready(status: String) { append(.ready(status: status)) }
    public func status(_ text: String) { append(.status(text)) }
    public func reloading(status: String) { append(.reloading(status: status)) }
    public func stopping(status: String) { append(.stopping(status: status)) }
    public func watchdogAlive() { append(.watchdog) }

    private func append(_ message: Message) {
        recorded.withLock { $0.append(message) }
    }
}
