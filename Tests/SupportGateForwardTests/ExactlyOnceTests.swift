import Foundation
import SupportGateFiling
import SupportGateForward
import Synchronization
import Testing

/// Contract §8, "Exactly once": a crash at any point, replayed, ends with one ticket.
@Suite("Exactly once")
struct ExactlyOnceTests {
    struct Crash: Error {}

    /// Runs the draft with a filer that crashes at `point`, then starts over as a restarted
    /// forwarder would (its records read back) and runs what it finds to the end.
    private func crashThenRestart(at point: Filer.Checkpoint) async throws -> (ForwardFixture, FilingRecord?) {
        let fixture = try ForwardFixture()
        try fixture.accept("vm-down")
        let first = try fixture.forwarder()
        let jobs = first.scanAll(resume: true)
        #expect(jobs.count == 1)
        var crashing = first.engine.filer
        crashing.checkpoint = { if $0 == point { throw Crash() } }
        await #expect(throws: Crash.self) { _ = try await crashing.run(jobs[0]) }
        // The crash landed where it claims: the record says pending, sent once or not yet.
        let atCrash = try fixture.record("vm-down")
        switch point {
        case .pendingWritten:
            #expect(atCrash?.state == .pending && atCrash?.attempts == 1 && fixture.gateway.creates == 0)
        case .sent:
            #expect(atCrash?.state == .pending && atCrash?.attempts == 1 && fixture.gateway.creates == 1)
        case .recorded:
            #expect(atCrash?.state == .filed && fixture.gateway.creates == 1)
        }
        let restarted = try fixture.forwarder()
        for job in restarted.scanAll(resume: true) {
            _ = try await restarted.engine.filer.run(job)
        }
        return (fixture, try fixture.record("vm-down"))
    }

    @Test("a crash after the pending write: the restart asks first, finds nothing, sends once")
    func crashAfterPendingWrite() async throws {
        let (fixture, record) = try await crashThenRestart(at: .pendingWritten)
        defer { fixture.remove() }
        #expect(fixture.gateway.creates == 1)
        #expect(fixture.gateway.finds == 1)
        #expect(record?.state == .filed)
        #expect(record?.attempts == 2)
    }

    @Test("a crash after the send, before the record: the restart finds the ticket and sends nothing")
    func crashAfterSend() async throws {
        let (fixture, record) = try await crashThenRestart(at: .sent)
        defer { fixture.remove() }
        #expect(fixture.gateway.creates == 1)
        #expect(record?.state == .filed)
        let name = ForwardFixture.ticketName(partner: ForwardFixture.contoso, draftId: "vm-down")
        #expect(record?.ticketId == fixture.gateway.state.withLock { $0.tickets[name]?.supportTicketId })
    }

    @Test("a crash after the record: the restart has nothing to do")
    func crashAfterRecord() async throws {
        let (fixture, record) = try await crashThenRestart(at: .recorded)
        defer { fixture.remove() }
        #expect(fixture.gateway.creates == 1)
        #expect(fixture.gateway.finds == 0)
        #expect(record?.state == .filed)
    }

    @Test("a reset after Microsoft created the ticket: the retry finds it (one ticket)")
    func resetAfterCreate() async throws {
        let fixture = try ForwardFixture()
        defer { fixture.remove() }
        try fixture.accept("reset")
        fixture.gateway.failCreates([.afterCreate(.unavailable(reason: "connection reset by peer"))])
        let forwarder = try fixture.forwarder()
        let job = try #require(forwarder.scanAll(resume: true).first)
        let first = try await forwarder.engine.filer.run(job)
        guard case .fault(.unavailable, sent: true) = first else { Issue.record("expected an unseen outcome, got \(first)"); return }
        #expect(try fixture.record("reset")?.lastError?.code == "Unavailable")
        let retry = try #require(forwarder.scanAll(resume: true).first)
        _ = try await forwarder.engine.filer.run(retry)
        #expect(fixture.gateway.creates == 1)
        #expect(try fixture.record("reset")?.state == .filed)
        #expect(try fixture.record("reset")?.lastError == nil)
    }

    @Test("near miss: a first send asks nothing first")
    func firstSendDoesNotFind() async throws {
        let fixture = try ForwardFixture()
        defer { fixture.remove() }
        try fixture.accept("fresh")
        let forwarder = try fixture.forwarder()
        for job in forwarder.scanAll(resume: true) { _ = try await forwarder.engine.filer.run(job) }
        #expect(fixture.gateway.finds == 0)
        #expect(fixture.gateway.creates == 1)
    }

    @Test("a find that fails sends nothing: the job waits")
    func findFailureSendsNothing() async throws {
        let fixture = try ForwardFixture()
        defer { fixture.remove() }
        try fixture.accept("unknown")
        fixture.gateway.failCreates([.afterCreate(.unavailable(reason: "timeout"))])
        let forwarder = try fixture.forwarder()
        _ = try await forwarder.engine.filer.run(try #require(forwarder.scanAll(resume: true).first))
        fixture.gateway.failFinds([.unavailable(reason: "503")])
        let outcome = try await forwarder.engine.filer.run(try #require(forwarder.scanAll(resume: true).first))
        guard case .fault(_, sent: false) = outcome else { Issue.record("expected a fault before any send, got \(outcome)"); return }
        #expect(fixture.gateway.creates == 1)
        #expect(try fixture.record("unknown")?.attempts == 1)
    }

    @Test("a 409 for our own ticket's name is the ticket, not a refusal; near miss: a 409 for no ticket is a refusal")
    func conflictIsOurs() async throws {
        let fixture = try ForwardFixture()
        defer { fixture.remove() }
        try fixture.accept("ours")
        try fixture.accept("theirs")
        let ours = ForwardFixture.ticketName(partner: ForwardFixture.contoso, draftId: "ours")
        fixture.gateway.state.withLock { $0.tickets[ours] = AzureTicket(name: ours, supportTicketId: "42", status: "Open") }
        let conflict = FakeGateway.Fault.before(.rejected(httpStatus: 409, code: "Conflict", message: "exists"))
        fixture.gateway.failCreates([conflict, conflict])
        _ = try await fixture.forwarder(concurrency: 1, perPartner: 1).runOnce()
        #expect(try fixture.record("ours")?.state == .filed)
        #expect(try fixture.record("ours")?.ticketId == "42")
        #expect(try fixture.record("theirs")?.state == .rejectedByMicrosoft)
    }
}
