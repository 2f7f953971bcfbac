#if canImport(Glibc)
import Glibc
#endif

/// The wall clock (CLOCK_REALTIME), for dates: `decidedAt`, records' times, HTTP dates. One
/// reading for the gate, the forwarder and its client; intervals use `MonotonicClock`.
public enum RealTimeClock {
    public static func milliseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000 + Int64(time.tv_nsec) / 1_000_000
    }

    public static func seconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
