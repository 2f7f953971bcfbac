import BusinessCalendar
import Foundation
import StrictJSON
import SupportGateFiling
import SupportGateForward
import SupportGateSystemd
import SupportGateTestKit
import Synchronization
import Testing

/// The flow of contract §8 end to end in the process: since, refusals, Partner Center's
/// manual records and links, status, faults under --once, and the canary secret.
@Suite("Filing flow")
struct FilingFlowTests {
    @Test("forward.since: a result decided before it is never filed; near miss: one at or after it is")
    func configuredSince() async throws {
        let fixture = try ForwardFixture()
        defer { fixture.remove() }
        try fixture.accept("before", decidedAt: "2026-11-30T23:59:59Z")
        try fixture.accept("at", decidedAt: "2026-12-01T00:00:00Z")
        _ = try await fixture.forwarder(since: "2026-12-01T00:00:00Z").runOnce()
        #expect(try fixture.record("before") == nil)
        #expect(try fixture.record("at")?.state == .filed)
    }

    @Test("empty since: the first run's time per partner, stored and kept")
    func firstRunSince() async throws {
        let fixture = try ForwardFixture()
        defer { fixture.remove() }
        try fixture.accept("old", decidedAt: "2026-12-07T09:00:00Z")
        let firstRun = Timestamp.parseRFC3339("2026-12-07T10:00:00Z")!
        _ = try await fixture.forwarder(since: nil, now: { firstRun }).runOnce()
        #expect(try fixture.record("old") == nil)
        try fixture.accept("new", decidedAt: "2026-12-07T10:30:00Z")
        let later = Timestamp.parseRFC3339("2026-12-07T11:00:00Z")!
        _ = try await fixture.forwarder(since: nil, now: { later }).runOnce()
        #expect(try fixture.record("new")?.state == .filed)
        #expect(try fixture.record("old") == nil, "the stored first run is kept, not moved to the second run")
        let stored = try String(contentsOfFile: "\(fixture.stateFolder)/since/\(ForwardFixture.contoso)", encoding: .utf8)
        #expect(stored == "2026-12-07T10:00:00Z")
    }

    @Test("empty since: a result decided after the start is filed even when the shelf was empty at the start")
    func firstRunBeforeFirstResult() async throws {
        let fixture = try ForwardFixture()
        defer { fixture.remove() }
        let clock = Mutex(Timestamp.parseRFC3339("2026-12-07T10:00:00Z")!)
        let forwarder = try fixture.forwarder(since: nil, now: { clock.withLock { $0 } })
        try fixture.accept("after-start", decidedAt: "2026-12-07T10:00:01Z")
        // Time passes before the shelf is looked at (an inotify event, the next rescan).
        clock.withLock { $0 = Timestamp.parseRFC3339("2026-12-07T11:00:00Z")! }
        _ = await forwarder.runOnce()
        #expect(try fixture.record("after-start")?.state == .filed)
    }

    @Test("only partners with credentials are filed")
    func optIn() async throws {
        let fixture = try ForwardFixture()
        defer { fixture.remove() }
        try FileManager.default.removeItem(atPath: "\(fixture.credentialsFolder)/\(ForwardFixture.fabrikam).json")
        try fixture.accept("contoso-1")
        try fixture.accept("fabrikam-1", partner: ForwardFixture.fabrikam)
        _ = try await fixture.forwarder().runOnce()
        #expect(try fixture.record("contoso-1")?.state == .filed)
        #expect(try fixture.record("fabrikam-1", partner: ForwardFixture.fabrikam) == nil)
    }

    @Test("a 4xx is final: rejected-by-microsoft with Microsoft's code and message")
    func rejectedByMicrosoft() async throws {
        let fixture = try ForwardFixture()
        defer { fixture.remove() }
        try fixture.accept("bad")
        fixture.gateway.failCreates([.before(.rejected(httpStatus: 400, code: "BadArgument", message: "problemClassificationId is not valid"))])
        let summary = try await fixture.forwarder().runOnce()
        let record = try #require(try fixture.record("bad"))
        #expect(record.state == .rejectedByMicrosoft)
        #expect(record.lastError?.code == "BadArgument")
        #expect(record.lastError?.message == "problemClassificationId is not valid")
        #expect(record.lastError?.httpStatus == 400)
        #expect(summary.failed == 0)
        #expect(fixture.journal.entries(.ticketRejected).count == 1)
    }

    @Test("a Partner Center draft gets a manual record at once; a link makes the forwarder follow it")
    func partnerCenter() async throws {
        let fixture = try ForwardFixture()
        defer { fixture.remove() }
        try fixture.accept("mailbox", target: .partnerCenter)
        _ = try await fixture.forwarder().runOnce()
        let manual = try #require(try fixture.record("mailbox"))
        #expect(manual.state == .manual)
        #expect(manual.manual?.page == Filer.partnerCenterPage)
        #expect(manual.manual?.serviceRequest.objectValue?["Title"]?.stringValue == "Mailbox")
        #expect(fixture.gateway.creates == 0)
        #expect(fixture.journal.entries(.ticketManual).count == 1)
        // The operator links it: a request in the state folder, applied by the forwarder.
        try FileManager.default.createDirectory(atPath: "\(fixture.stateFolder)/links", withIntermediateDirectories: true)
        try "616122292874576\n".write(toFile: "\(fixture.stateFolder)/links/\(ForwardFixture.contoso)_mailbox", atomically: true, encoding: .utf8)
        let forwarder = try fixture.forwarder()
        _ = await forwarder.runOnce()
        let linked = try #require(try fixture.record("mailbox"))
        #expect(linked.state == .manual && linked.ticketId == "616122292874576")
        #expect(fixture.journal.entries(.ticketLinked).count == 1)
        #expect(!FileManager.default.fileExists(atPath: "\(fixture.stateFolder)/links/\(ForwardFixture.contoso)_mailbox"))
        // Its status is followed with the service request's GET.
        fixture.gateway.state.withLock { $0.serviceRequests["616122292874576"] = "attention_needed" }
        let outcome = try await forwarder.engine.filer.run(.status(linked))
        #expect(try fixture.record("mailbox")?.status == "attention_needed")
        guard case .settled(_, .statusChanged(from: nil)?) = outcome else { Issue.record("expected a status change, got \(outcome)"); return }
    }

    @Test("a link to an Azure record is not applied")
    func linkNeedsManual() async throws {
        let fixture = try ForwardFixture()
        defer { fixture.remove() }
        try fixture.accept("azure")
        _ = try await fixture.forwarder().runOnce()
        try FileManager.default.createDirectory(atPath: "\(fixture.stateFolder)/links", withIntermediateDirectories: true)
        try "999\n".write(toFile: "\(fixture.stateFolder)/links/\(ForwardFixture.contoso)_azure", atomically: true, encoding: .utf8)
        _ = try await fixture.forwarder().runOnce()
        #expect(try fixture.record("azure")?.ticketId != "999")
    }

    @Test("status: a change is written and journaled; near miss: an unchanged status is not journaled")
    func statusChange() async throws {
        let fixture = try ForwardFixture()
        defer { fixture.remove() }
        try fixture.accept("follow")
        let forwarder = try fixture.forwarder()
        _ = await forwarder.runOnce()
        let filed = try #require(try fixture.record("follow"))
        let unchanged = try await forwarder.engine.filer.run(.status(filed))
        guard case .settled(_, nil) = unchanged else { Issue.record("expected no event, got \(unchanged)"); return }
        fixture.gateway.close(filed.ticketName!)
        let changed = try await forwarder.engine.filer.run(.status(filed))
        let closed = try #require(try fixture.record("follow"))
        #expect(closed.status == "Closed" && !closed.isOpen)
        guard case .settled(_, .statusChanged(from: "Open")?) = changed else { Issue.record("expected a status change, got \(changed)"); return }
        forwarder.telemetry.settled(closed, .statusChanged(from: "Open"), latencySeconds: nil)
        #expect(fixture.journal.entries(.ticketStatusChanged).first?.values("TICKET_ID") == [closed.ticketId!])
    }

    @Test("--once with faults: throttling and an outage are waited out, everything is filed once, exit 0")
    func onceWithFaults() async throws {
        let fixture = try ForwardFixture()
        defer { fixture.remove() }
        for index in 0..<6 {
            try fixture.accept("c\(index)")
            try fixture.accept("f\(index)", partner: ForwardFixture.fabrikam)
        }
        fixture.gateway.failCreates([.before(.throttled(httpStatus: 429, retryAfterSeconds: 1)), .afterCreate(.unavailable(reason: "reset")),
                                     .before(.unavailable(reason: "503"))])
        let summary = try await fixture.forwarder().runOnce()
        #expect(summary.failed == 0)
        #expect(summary.settled == 12)
        let perName = fixture.gateway.state.withLock { $0.creations }
        #expect(perName.count == 12 && perName.values.allSatisfy { $0 == 1 })
        #expect(fixture.journal.entries(.ticketFiled).count == 12)
        #expect(fixture.journal.entries(.filingFault).count == 3)
    }

    @Test("--once: refused credentials leave the job pending and exit non-zero")
    func onceUnauthorized() async throws {
        let fixture = try ForwardFixture()
        defer { fixture.remove() }
        try fixture.accept("nope")
        fixture.gateway.failCreates(Array(repeating: .before(.unauthorized(code: "AADSTS7000215", message: "Invalid client secret provided.")), count: 10))
        let forwarder = try fixture.forwarder()
        let engine = ForwardEngine(filer: forwarder.engine.filer, telemetry: forwarder.telemetry, notifier: fixture.notifier,
                                   concurrency: 2, perPartnerConcurrency: 1, clock: { 0 })
        let (events, input) = AsyncStream.makeStream(of: ForwardEngine.Event.self)
        input.yield(.found(forwarder.scanAll(resume: true)))
        input.yield(.endOfInput)
        // A clock that never moves: the partner's hold never ends, so only the limit can end it.
        let summary = await Task { await engine.drive(events, input, retryLimit: 1) }.value
        #expect(summary.failed == 1)
        #expect(try fixture.record("nope")?.state == .pending)
        #expect(forwarder.telemetry.metrics.withLock { $0.tokenFailures } == 1)
    }

    @Test("the canary secret reaches no journal entry, record, state file or metric")
    func canary() async throws {
        let fixture = try ForwardFixture()
        defer { fixture.remove() }
        try fixture.accept("one")
        try fixture.accept("two", target: .partnerCenter)
        try fixture.accept("three")
        try fixture.credentials(for: ForwardFixture.fabrikam, mode: 0o644)
        fixture.gateway.failCreates([.before(.unauthorized(code: "invalid_client", message: "bad secret")), .before(.rejected(httpStatus: 400, code: "Bad", message: "no"))])
        let forwarder = try fixture.forwarder()
        _ = await forwarder.runOnce()
        // Near miss: the secret did reach the gateway, where it belongs.
        #expect(forwarder.credentials[ForwardFixture.contoso]?.clientSecret.reveal() == ForwardFixture.canary)
        #expect("\(forwarder.credentials[ForwardFixture.contoso]!)".contains(ForwardFixture.canary) == false)
        let written = try fixture.everythingWritten()
        #expect(!written.isEmpty)
        #expect(!written.contains(ForwardFixture.canary))
        #expect(!written.contains("CANARY"))
    }
}
