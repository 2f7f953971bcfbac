import Dispatch
import SupportGateSystemd
import Synchronization
import SystemCalls

/// Feeds the service manager's watchdog while a batch is being decided, and only as drafts
/// get decided: a batch of slow drafts is no hang, but one draft that hangs stops the
/// feeding, the watchdog ends the gate, and the in-flight record (InFlightRecord) finds the
/// draft at the next start. Never from a timer alone: that would hide a real hang.
/// The worker counts its drafts (`advance()`) while the main thread waits for it
/// (`wait(for:)`) and feeds when the count moved; when the main thread decides itself, it
/// feeds as it goes (`decidedHere()`). Sendable so the counting closure may cross to the
/// worker; the counters are atomics.
final class WatchdogFeeder: Sendable {
    private let notifier: any ServiceNotifier
    /// How often progress is looked for and fed: a quarter of the watchdog's interval, so a
    /// draft has most of the interval to be decided in; at most a second.
    private let intervalMilliseconds: Int64
    private let decided = Atomic<UInt64>(0)
    private let lastSeen = Atomic<UInt64>(0)
    private let lastFed = Atomic<Int64>(0)

    init(notifier: any ServiceNotifier) {
        self.notifier = notifier
        let watchdog = notifier.watchdogIntervalMicroseconds.map { Int64($0 / 1_000) } ?? 4_000
        intervalMilliseconds = min(1_000, max(50, watchdog / 4))
    }

    /// After each draft the worker decided.
    func advance() {
        decided.add(1, ordering: .relaxed)
    }

    /// After each draft the main thread decided itself.
    func decidedHere() {
        advance()
        feedIfProgressed()
    }

    /// Waits for the worker's job, feeding the watchdog after each interval in which the
    /// worker decided a draft.
    func wait(for job: DispatchSemaphore) {
        while job.wait(timeout: .now() + .milliseconds(Int(intervalMilliseconds))) == .timedOut {
            feedIfProgressed()
        }
    }

    private func feedIfProgressed() {
        let now = MonotonicClock.milliseconds()
        guard now - lastFed.load(ordering: .relaxed) >= intervalMilliseconds else { return }
        let count = decided.load(ordering: .relaxed)
        guard count != lastSeen.load(ordering: .relaxed) else { return }
        lastSeen.store(count, ordering: .relaxed)
        lastFed.store(now, ordering: .relaxed)
        notifier.watchdogAlive()
    }
}
