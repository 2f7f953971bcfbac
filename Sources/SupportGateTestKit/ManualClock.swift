import BusinessCalendar
import SupportGateDaemon
import Synchronization

/// A clock the test moves by hand: wall time for `decidedAt` and lease fallbacks, monotonic
/// for deadlines (back-off, deferrals, rescans, the metrics interval).
public final class ManualClock: GateClock {
    private let state: Mutex<(wall: Int64, monotonic: Int64)>

    public init(wall: Timestamp) {
        state = Mutex((wall.millisecondsSinceEpoch, 1_000_000))
    }

    public func now() -> Timestamp { Timestamp(millisecondsSinceEpoch: state.withLock { $0.wall }) }
    public func monotonicMilliseconds() -> Int64 { state.withLock { $0.monotonic } }

    /// Sets the monotonic clock (a step-by-step test gives each commit its instant).
    public func set(monotonicMilliseconds: Int64) {
        state.withLock { $0.monotonic = monotonicMilliseconds }
    }

    public func advance(milliseconds: Int64) {
        state.withLock {
            $0.wall += milliseconds
            $0.monotonic += milliseconds
        }
    }
}
