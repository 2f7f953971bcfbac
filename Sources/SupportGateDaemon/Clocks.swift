import BusinessCalendar
#if canImport(Glibc)
import Glibc
#endif

/// The clocks the gate reads (the decision core takes its instant as an argument).
public enum Clocks {
    /// Wall-clock time, for `decidedAt`.
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(millisecondsSinceEpoch: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }

    /// Monotonic milliseconds, for intervals and deadlines.
    public static func monotonicMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}
