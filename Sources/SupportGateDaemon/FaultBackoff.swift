/// Exponential back-off after a fault (disk full, read-only, ledger down, …): from the
/// schedule's first delay, doubling up to its longest.
struct FaultBackoff {
    /// How soon to try again after a fault of one kind, and how far the waits grow.
    struct Schedule: Equatable {
        let firstMilliseconds: Int64
        let longestMilliseconds: Int64

        /// A full or read-only disk, a server down: 0.5 s doubling to 30 s.
        static let standard = Schedule(firstMilliseconds: 500, longestMilliseconds: 30_000)
        /// Another writer held the ledger's lock: it lets go within moments.
        static let contention = Schedule(firstMilliseconds: 100, longestMilliseconds: 5_000)
        /// The ledger's file was deleted or replaced: only the operator fixes that, so the
        /// gate looks again rarely rather than filling the journal.
        static let operatorNeeded = Schedule(firstMilliseconds: 5_000, longestMilliseconds: 60_000)
    }

    private(set) var retryAt: Int64?
    private(set) var delayMilliseconds: Int64 = 0

    func mayWork(at now: Int64) -> Bool {
        retryAt.map { now >= $0 } ?? true
    }

    mutating func failed(at now: Int64, schedule: Schedule = .standard) {
        delayMilliseconds = min(max(delayMilliseconds * 2, schedule.firstMilliseconds), schedule.longestMilliseconds)
        retryAt = now + delayMilliseconds
    }

    /// True when this clears a fault.
    mutating func recovered() -> Bool {
        defer {
            retryAt = nil
            delayMilliseconds = 0
        }
        return retryAt != nil
    }
}
