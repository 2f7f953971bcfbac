/// How long a partner or an endpoint is held back after a fault: Retry-After when Microsoft
/// names it, else exponential with jitter, capped (1 s doubling to 5 min).
public struct FaultHold: Sendable, Hashable {
    public var firstMilliseconds: Int64 = 1_000
    public var longestMilliseconds: Int64 = 300_000
    /// When the fault began (for STATUS=: "unreachable since …"), in ms since the epoch.
    public private(set) var since: Int64?
    public private(set) var until: Int64 = 0
    public private(set) var delay: Int64 = 0
    public private(set) var failures = 0

    public init(firstMilliseconds: Int64 = 1_000, longestMilliseconds: Int64 = 300_000) {
        self.firstMilliseconds = firstMilliseconds
        self.longestMilliseconds = longestMilliseconds
    }

    public func holds(at now: Int64) -> Bool { now < until }

    /// Backs off from `now`: the next delay doubled (with up to half again of jitter, so
    /// partners held together do not come back together), capped.
    public mutating func failed(at now: Int64, jitter: Double) {
        delay = min(max(delay * 2, firstMilliseconds), longestMilliseconds)
        let spread = Int64(Double(delay) * 0.5 * min(max(jitter, 0), 1))
        until = now + min(delay + spread, longestMilliseconds)
        since = since ?? now
        failures += 1
    }

    /// Waits exactly what Microsoft asked (Retry-After), at least a second.
    public mutating func wait(seconds: Int, at now: Int64) {
        until = max(until, now + max(Int64(seconds), 1) * 1_000)
        since = since ?? now
        failures += 1
    }

    public mutating func cleared() -> Bool {
        defer { self = FaultHold(firstMilliseconds: firstMilliseconds, longestMilliseconds: longestMilliseconds) }
        return since != nil
    }
}
