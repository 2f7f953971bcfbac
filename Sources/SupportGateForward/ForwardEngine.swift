import BusinessCalendar
import SupportGateFiling
import SupportGateSystemd
import Synchronization
import SystemCalls

/// The forwarder's loop: jobs come in (found on the shelves, link requests, statuses due),
/// the schedule picks what runs, each runs as a child task of one task group, and its outcome
/// comes back to the loop, the schedule's only owner. `--once` ends when nothing is left.
public final class ForwardEngine: Sendable {
    public let filer: Filer
    public let telemetry: ForwardTelemetry
    public let notifier: any ServiceNotifier
    public let concurrency: Int
    public let perPartnerConcurrency: Int
    /// Milliseconds since the epoch: the schedule's clock.
    public let clock: @Sendable () -> Int64

    public enum Event: Sendable {
        case found([FilingJob])
        case done(FilingJob, JobOutcome)
        case tick
        /// No more jobs will come (`--once`: the scan is over): run what is queued, then end.
        case endOfInput
        /// SIGTERM: start nothing more, end once the jobs running are over; what is queued
        /// stays on disk for the next start.
        case stop
    }

    public struct Summary: Sendable, Equatable {
        public var settled = 0
        /// Jobs given up (`--once`) or still waiting at a stop.
        public var failed = 0
    }

    public init(filer: Filer, telemetry: ForwardTelemetry, notifier: any ServiceNotifier, concurrency: Int, perPartnerConcurrency: Int,
                clock: @escaping @Sendable () -> Int64 = WallClock.milliseconds) {
        self.filer = filer
        self.telemetry = telemetry
        self.notifier = notifier
        self.concurrency = concurrency
        self.perPartnerConcurrency = perPartnerConcurrency
        self.clock = clock
    }

    /// Runs the jobs `input` sends until it ends (`endOfInput`) and every job is over.
    /// `retryLimit`: faults a job may meet before it is given up (`--once`); nil: never.
    public func drive(_ events: AsyncStream<Event>, _ input: AsyncStream<Event>.Continuation, retryLimit: Int?) async -> Summary {
        var schedule = FilingSchedule(concurrency: concurrency, perPartnerConcurrency: perPartnerConcurrency, retryLimit: retryLimit)
        var summary = Summary()
        var inputEnded = false
        var stopping = false
        var wakeAt: Int64?
        let (filer, telemetry, clock) = (self.filer, self.telemetry, self.clock)
        await withDiscardingTaskGroup { group in
            for await event in events {
                let now = clock()
                switch event {
                case .found(let jobs):
                    for job in jobs { schedule.enqueue(job) }
                case .done(let job, let outcome):
                    let (disposition, recovered) = schedule.finished(job, outcome, at: now, jitter: Double.random(in: 0...1))
                    report(job, outcome, now: now)
                    if let recovered { telemetry.recovered(recovered) }
                    switch disposition {
                    case .gaveUp: summary.failed += 1
                    case .done: if case .settled = outcome { summary.settled += 1 }
                    case .retrying: break
                    }
                case .tick:
                    wakeAt = nil
                case .endOfInput:
                    inputEnded = true
                case .stop:
                    stopping = true
                }
                while !stopping, let job = schedule.next(at: now) {
                    group.addTask {
                        let outcome: JobOutcome
                        do {
                            outcome = try await filer.run(job)
                        } catch {
                            outcome = .local("stopped: \(error)")
                        }
                        input.yield(.done(job, outcome))
                    }
                }
                telemetry.metrics.withLock {
                    $0.inFlight = schedule.running
                    $0.queued = schedule.queuedCount
                }
                if inputEnded, schedule.isIdle { break }
                if stopping, schedule.running == 0 {
                    summary.failed += schedule.queuedCount
                    break
                }
                if let wake = schedule.nextWake(after: now), wakeAt.map({ wake < $0 }) ?? true {
                    wakeAt = wake
                    group.addTask {
                        try? await Task.sleep(for: .milliseconds(max(wake - clock(), 1)))
                        input.yield(.tick)
                    }
                }
                notifier.status(Self.statusText(schedule, now: now))
            }
            group.cancelAll()
        }
        return summary
    }

    private func report(_ job: FilingJob, _ outcome: JobOutcome, now: Int64) {
        switch outcome {
        case .settled(let record, let event):
            guard let event else { return }
            var latency: Double?
            if event == .filed, case .file(let result, _) = job {
                latency = Double(now - result.decidedAt.millisecondsSinceEpoch) / 1_000
            }
            telemetry.settled(record, event, latencySeconds: latency)
        case .fault(let failure, _):
            telemetry.fault(job, failure)
        case .local(let message):
            telemetry.local(job, message)
        case .skipped:
            break
        }
    }

    /// STATUS=: the backlog, and each endpoint that is down, since when, with how many waiting.
    public static func statusText(_ schedule: FilingSchedule, now: Int64) -> String {
        var parts = ["\(schedule.running) filing, \(schedule.queuedCount) waiting"]
        for (cloud, hold) in schedule.endpointHolds.sorted(by: { $0.key < $1.key }) {
            guard let since = hold.since else { continue }
            let when = Timestamp(millisecondsSinceEpoch: since).rfc3339
            if cloud == "local" {
                parts.append("records cannot be written since \(when)")
            } else {
                parts.append("azure \(cloud) unreachable since \(when), \(schedule.queued(cloud: cloud)) waiting")
            }
        }
        return parts.joined(separator: "; ")
    }
}
