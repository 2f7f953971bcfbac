import SupportGateFiling

/// Which job runs next (contract §8: decision order, round robin across partners,
/// `concurrency` overall and `perPartnerConcurrency` each), and who waits after a fault.
/// Pure and owned by the engine's loop alone: no locks, and tests drive it with a number for
/// a clock. Memory is the backlog's: a partner with nothing queued or running leaves the ring.
public struct FilingSchedule: Sendable {
    public let concurrency: Int
    public let perPartnerConcurrency: Int
    /// Faults a job may meet before it is given up (`--once`); nil: never (the daemon).
    public let retryLimit: Int?

    /// Each partner's jobs, sorted latest first (the next one is `last`).
    private var queues: [String: [FilingJob]] = [:]
    private var ring: [String] = []
    private var cursor = 0
    private var inFlight: [String: Int] = [:]
    public private(set) var running = 0
    private var keys: Set<RecordKey> = []
    private var faults: [RecordKey: Int] = [:]
    private var partnerHolds: [String: FaultHold] = [:]
    public private(set) var endpointHolds: [String: FaultHold] = [:]

    public init(concurrency: Int, perPartnerConcurrency: Int, retryLimit: Int? = nil) {
        self.concurrency = max(concurrency, 1)
        self.perPartnerConcurrency = max(perPartnerConcurrency, 1)
        self.retryLimit = retryLimit
    }

    public var queuedCount: Int { queues.values.reduce(0) { $0 + $1.count } }
    public var isIdle: Bool { running == 0 && queues.isEmpty }

    public func contains(_ key: RecordKey) -> Bool { keys.contains(key) }

    /// Queues a job unless one for the same record is queued or running. False when it was.
    @discardableResult
    public mutating func enqueue(_ job: FilingJob) -> Bool {
        guard keys.insert(job.key).inserted else { return false }
        insert(job)
        return true
    }

    private mutating func insert(_ job: FilingJob) {
        let partner = job.key.partner
        if queues[partner] == nil, inFlight[partner] == nil { ring.append(partner) }
        var queue = queues[partner] ?? []
        // Latest first: binary search for the first job that comes before this one.
        var low = 0, high = queue.count
        let order = job.order
        while low < high {
            let middle = (low + high) / 2
            if queue[middle].order > order { low = middle + 1 } else { high = middle }
        }
        queue.insert(job, at: low)
        queues[partner] = queue
    }

    /// The next job to start at `now` (ms), or nil when none may start now.
    public mutating func next(at now: Int64) -> FilingJob? {
        guard running < concurrency, !ring.isEmpty else { return nil }
        for step in 0..<ring.count {
            let index = (cursor + step) % ring.count
            let partner = ring[index]
            guard inFlight[partner, default: 0] < perPartnerConcurrency, !(partnerHolds[partner]?.holds(at: now) ?? false),
                  let job = queues[partner]?.last, !(endpointHolds[job.cloud]?.holds(at: now) ?? false) else { continue }
            queues[partner]!.removeLast()
            if queues[partner]!.isEmpty { queues[partner] = nil }
            inFlight[partner, default: 0] += 1
            running += 1
            cursor = (index + 1) % ring.count
            return job
        }
        return nil
    }

    public enum Disposition: Sendable, Equatable {
        case done
        case retrying
        /// `--once`: it met `retryLimit` faults; it stays as it is on disk for the next run.
        case gaveUp
    }

    /// What a finished job means for the schedule. `jitter` in 0…1. Returns, besides, the
    /// cloud whose endpoint came back, if this ended an outage.
    public mutating func finished(_ job: FilingJob, _ outcome: JobOutcome, at now: Int64, jitter: Double) -> (Disposition, recovered: String?) {
        let partner = job.key.partner
        running -= 1
        inFlight[partner, default: 1] -= 1
        if inFlight[partner] == 0 { inFlight[partner] = nil }
        var recovered: String?
        var disposition = Disposition.done
        switch outcome {
        case .fault(let failure, _):
            hold(job, failure, at: now, jitter: jitter)
            // A refusal is final; a status check is asked again by the next sweep, not here.
            if case .rejected = failure {
            } else if case .status = job {
            } else {
                disposition = retry(job)
            }
        case .local:
            endpointHolds["local", default: FaultHold()].failed(at: now, jitter: jitter)
            disposition = retry(job)
        case .settled:
            if endpointHolds[job.cloud]?.cleared() == true { recovered = job.cloud }
            endpointHolds[job.cloud] = nil
            partnerHolds[partner] = nil
            if endpointHolds["local"] != nil, endpointHolds["local"]!.cleared() { recovered = recovered ?? "local" }
            endpointHolds["local"] = nil
        case .skipped:
            break
        }
        if disposition != .retrying {
            keys.remove(job.key)
            faults[job.key] = nil
        }
        if queues[partner] == nil, inFlight[partner] == nil, let index = ring.firstIndex(of: partner) {
            ring.remove(at: index)
            if cursor > index { cursor -= 1 }
            if cursor >= ring.count { cursor = 0 }
            partnerHolds[partner] = nil
        }
        return (disposition, recovered)
    }

    private mutating func retry(_ job: FilingJob) -> Disposition {
        faults[job.key, default: 0] += 1
        if let retryLimit, faults[job.key]! >= retryLimit { return .gaveUp }
        insert(job)
        return .retrying
    }

    private mutating func hold(_ job: FilingJob, _ failure: MicrosoftFailure, at now: Int64, jitter: Double) {
        let partner = job.key.partner
        switch failure {
        case .throttled(_, let seconds):
            partnerHolds[partner, default: Self.partnerHold].wait(seconds: seconds ?? 5, at: now)
        case .unavailable:
            endpointHolds[job.cloud, default: FaultHold()].failed(at: now, jitter: jitter)
        case .unauthorized:
            partnerHolds[partner, default: Self.partnerHold].failed(at: now, jitter: jitter)
        case .rejected:
            break  // settles the record; a status job's rejection just ends the job
        }
    }

    /// Credentials refused: a person must fix them; a minute doubling to an hour.
    static let partnerHold = FaultHold(firstMilliseconds: 60_000, longestMilliseconds: 3_600_000)

    /// When the soonest hold on queued work ends (ms), if any is in the future.
    public func nextWake(after now: Int64) -> Int64? {
        var soonest: Int64?
        for (partner, queue) in queues where !queue.isEmpty {
            for until in [partnerHolds[partner]?.until, queue.last.flatMap { endpointHolds[$0.cloud]?.until }].compactMap({ $0 }) where until > now {
                soonest = min(soonest ?? until, until)
            }
        }
        return soonest
    }

    /// Jobs queued for `cloud`, for STATUS=.
    public func queued(cloud: String) -> Int {
        queues.values.reduce(0) { $0 + $1.count { $0.cloud == cloud } }
    }
}
