import SystemCalls

/// Time as the client needs it: a monotonic clock for token expiry, the wall clock for an
/// HTTP-date `Retry-After`, and sleeping between polls of an async operation. Tests give a
/// clock that advances when slept on, so they never wait Microsoft's seconds.
public protocol MicrosoftClock: Sendable {
    func monotonicSeconds() -> Double
    func epochSeconds() -> Double
    /// Throws only when the task is cancelled.
    func sleep(seconds: Double) async throws
}

public struct SystemMicrosoftClock: MicrosoftClock {
    public init() {}

    public func monotonicSeconds() -> Double { MonotonicClock.seconds() }

    public func epochSeconds() -> Double { RealTimeClock.seconds() }

    public func sleep(seconds: Double) async throws {
        guard seconds > 0 else { return }
        try await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
    }
}
