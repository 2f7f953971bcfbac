import BusinessCalendar
#if canImport(Glibc)
import Glibc
#endif

/// The real-time clock: `decidedAt` and the records' times are wall-clock UTC, and filing
/// latency is measured against `decidedAt`, so the schedule's clock is this one too.
public enum WallClock {
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(millisecondsSinceEpoch: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }

    public static func milliseconds() -> Int64 { now().millisecondsSinceEpoch }
}
