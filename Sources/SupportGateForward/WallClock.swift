import BusinessCalendar
import SystemCalls

/// The real-time clock: `decidedAt` and the records' times are wall-clock UTC, and filing
/// latency is measured against `decidedAt`, so the schedule's clock is this one too.
public enum WallClock {
    public static func now() -> Timestamp {
        Timestamp(millisecondsSinceEpoch: RealTimeClock.milliseconds())
    }

    public static func milliseconds() -> Int64 { now().millisecondsSinceEpoch }
}
