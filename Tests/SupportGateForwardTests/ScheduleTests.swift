import BusinessCalendar
import StrictJSON
import SupportGateFiling
import SupportGateForward
import Testing

/// Contract §8: decision order, round robin across partners, the concurrency caps, and who
/// waits after a fault.
@Suite("Filing schedule")
struct ScheduleTests {
    static func job(_ partner: String, _ draftId: String, minute: Int = 0, cloud: String = "public") -> FilingJob {
        let text = #"{"decision": "accept", "draftId": "\#(draftId)", "decisionId": "d", "partnerTenantId": "\#(partner)", "decidedAt": "2026-12-07T10:\#(minute < 10 ? "0" : "")\#(minute):00Z", "submission": {"target": "azure-support-api", "method": "PUT", "cloud": "\#(cloud)", "path": "/providers/Microsoft.Support/supportTickets/n-\#(draftId)?api-version=2024-04-01", "body": {}}}"#
        guard case .success(let result) = AcceptedResult.parse(Array(text.utf8), expectedDraftId: draftId, partner: partner) else {
            fatalError("fixture result does not parse")
        }
        return .file(result, record: nil)
    }

    static let a = "aaaaaaaa-0000-4000-8000-000000000001"
    static let b = "bbbbbbbb-0000-4000-8000-000000000002"
    static let c = "cccccccc-0000-4000-8000-000000000003"

    @Test("one partner's thousand do not starve another's one: the second job is the other partner's")
    func fairness() {
        var schedule = FilingSchedule(concurrency: 1, perPartnerConcurrency: 1)
        for index in 0..<1_000 { schedule.enqueue(Self.job(Self.a, "a\(index)", minute: index % 60)) }
        schedule.enqueue(Self.job(Self.b, "b-only", minute: 59))
        var order: [String] = []
        for _ in 0..<3 {
            guard let job = schedule.next(at: 0) else { break }
            order.append(job.key.partner)
            _ = schedule.finished(job, .skipped(nil), at: 0, jitter: 0)
        }
        #expect(order == [Self.a, Self.b, Self.a])
    }

    @Test("within a partner, decision order: decidedAt, then the name")
    func decisionOrder() {
        var schedule = FilingSchedule(concurrency: 8, perPartnerConcurrency: 8)
        schedule.enqueue(Self.job(Self.a, "late", minute: 30))
        schedule.enqueue(Self.job(Self.a, "b-early", minute: 1))
        schedule.enqueue(Self.job(Self.a, "a-early", minute: 1))
        let names = (0..<3).compactMap { _ in schedule.next(at: 0)?.key.draftId }
        #expect(names == ["a-early", "b-early", "late"])
    }

    @Test("concurrency caps: overall and per partner; near miss: a freed slot is used again")
    func caps() {
        var schedule = FilingSchedule(concurrency: 3, perPartnerConcurrency: 2)
        for index in 0..<5 {
            schedule.enqueue(Self.job(Self.a, "a\(index)", minute: index))
            schedule.enqueue(Self.job(Self.b, "b\(index)", minute: index))
        }
        var running: [FilingJob] = []
        while let job = schedule.next(at: 0) { running.append(job) }
        #expect(running.count == 3)
        #expect(running.filter { $0.key.partner == Self.a }.count <= 2)
        _ = schedule.finished(running[0], .skipped(nil), at: 0, jitter: 0)
        let refill = schedule.next(at: 0)
        let beyond = schedule.next(at: 0)
        #expect(refill != nil)
        #expect(beyond == nil)
    }

    @Test("a job for a record already queued or running is not queued twice")
    func deduplicated() {
        var schedule = FilingSchedule(concurrency: 2, perPartnerConcurrency: 2)
        let first = schedule.enqueue(Self.job(Self.a, "x"))
        let again = schedule.enqueue(Self.job(Self.a, "x"))
        let job = schedule.next(at: 0)!
        let whileRunning = schedule.enqueue(Self.job(Self.a, "x"))
        _ = schedule.finished(job, .skipped(nil), at: 0, jitter: 0)
        let afterwards = schedule.enqueue(Self.job(Self.a, "x"))
        #expect(first && !again && !whileRunning && afterwards)
    }

    @Test("throttled: the partner waits Retry-After; the other partner goes on")
    func throttled() {
        var schedule = FilingSchedule(concurrency: 4, perPartnerConcurrency: 4)
        schedule.enqueue(Self.job(Self.a, "a1"))
        schedule.enqueue(Self.job(Self.b, "b1"))
        let first = schedule.next(at: 0)!
        _ = schedule.finished(first, .fault(.throttled(httpStatus: 429, retryAfterSeconds: 7), sent: false), at: 0, jitter: 0)
        let other = schedule.next(at: 0)
        let early = schedule.next(at: 6_999)
        let due = schedule.next(at: 7_000)
        #expect(other?.key.partner == Self.b)
        #expect(early == nil)
        #expect(due?.key.draftId == "a1")
    }

    @Test("unavailable: the cloud's endpoint backs off exponentially, capped at five minutes; STATUS= says so")
    func unavailableBackoff() {
        var schedule = FilingSchedule(concurrency: 4, perPartnerConcurrency: 4)
        schedule.enqueue(Self.job(Self.a, "a1"))
        schedule.enqueue(Self.job(Self.c, "usgov", cloud: "usgov"))
        var now: Int64 = 0
        var delays: [Int64] = []
        for _ in 0..<12 {
            guard let job = schedule.next(at: now), job.key.draftId == "a1" else {
                now += 1
                continue
            }
            _ = schedule.finished(job, .fault(.unavailable(reason: "503"), sent: false), at: now, jitter: 0)
            let wake = schedule.endpointHolds["public"]!.until
            delays.append(wake - now)
            now = wake
        }
        #expect(delays.prefix(4) == [1_000, 2_000, 4_000, 8_000])
        #expect(delays.max() == 300_000)
        #expect(ForwardEngine.statusText(schedule, now: now).contains("azure public unreachable since"))
        // The other cloud is not held by the public outage.
        var other = FilingSchedule(concurrency: 4, perPartnerConcurrency: 4)
        other.enqueue(Self.job(Self.a, "a1"))
        other.enqueue(Self.job(Self.c, "usgov", cloud: "usgov"))
        let failed = other.next(at: 0)!
        _ = other.finished(failed, .fault(.unavailable(reason: "503"), sent: false), at: 0, jitter: 0)
        let usgov = other.next(at: 1)
        #expect(usgov?.key.draftId == "usgov")
    }

    @Test("--once gives a job up after its retry limit; the daemon never does")
    func retryLimit() {
        var once = FilingSchedule(concurrency: 1, perPartnerConcurrency: 1, retryLimit: 2)
        once.enqueue(Self.job(Self.a, "a1"))
        var job = once.next(at: 0)!
        let first = once.finished(job, .local("disk full"), at: 0, jitter: 0).0
        job = once.next(at: 100_000)!
        let second = once.finished(job, .local("disk full"), at: 100_000, jitter: 0).0
        #expect(first == .retrying)
        #expect(second == .gaveUp)
        #expect(once.isIdle)
    }

    @Test("a refusal is not retried, nor is a status check (the next sweep asks again); near miss: a filing is")
    func notRetried() {
        var schedule = FilingSchedule(concurrency: 4, perPartnerConcurrency: 4)
        schedule.enqueue(Self.job(Self.a, "refused"))
        let refused = schedule.next(at: 0)!
        let refusal = schedule.finished(refused, .fault(.rejected(httpStatus: 404, code: "NotFound", message: ""), sent: false), at: 0, jitter: 0).0
        schedule.enqueue(Self.job(Self.b, "unavailable"))
        let unavailable = schedule.next(at: 0)!
        let outage = schedule.finished(unavailable, .fault(.unavailable(reason: "503"), sent: false), at: 0, jitter: 0).0
        #expect(refusal == .done)
        #expect(outage == .retrying)
    }
}
