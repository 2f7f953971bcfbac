import BusinessCalendar
import SystemCalls

/// The clocks the daemon reads; tests give it one they move by hand.
public protocol GateClock: Sendable {
    /// Wall-clock time, for `decidedAt`.
    func now() -> Timestamp
    /// Monotonic milliseconds, for intervals and deadlines.
    func monotonicMilliseconds() -> Int64
}

/// The system's real-time and monotonic clocks (the decision core takes its instant as an argument).
public struct SystemClock: GateClock {
    public init() {}

    public func now() -> Timestamp { Self.now() }
    public func monotonicMilliseconds() -> Int64 { Self.monotonicMilliseconds() }

    public static func now() -> Timestamp {
        Timestamp(millisecondsSinceEpoch: RealTimeClock.milliseconds())
    }

    public static func monotonicMilliseconds() -> Int64 { MonotonicClock.milliseconds() }
}
