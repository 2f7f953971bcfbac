import Foundation
import SupportGateFiling
import SupportGateForward
import Testing

/// Open tickets are followed every `statusIntervalMinutes`, within a request budget, and
/// closed ones early in a folder do not starve the open ones behind them.
@Suite("Status sweep")
struct StatusSweepTests {
    @Test("every open ticket is reached within a few sweeps, however many closed ones come first; near miss: a fresh record is not due")
    func noStarvation() async throws {
        let fixture = try ForwardFixture()
        defer { fixture.remove() }
        for index in 0..<40 { try fixture.accept("t\(index)") }
        let forwarder = try fixture.forwarder()
        _ = await forwarder.runOnce()
        for index in 0..<40 where index % 8 != 0 {
            fixture.gateway.close(ForwardFixture.ticketName(partner: ForwardFixture.contoso, draftId: "t\(index)"))
            let record = try #require(try fixture.record("t\(index)"))
            _ = try await forwarder.engine.filer.run(.status(record))
        }
        let now = Date()
        #expect(forwarder.statusDue(budget: 100, now: Int64(now.timeIntervalSince1970 * 1000)).isEmpty, "written just now: not due")
        let later = Int64(now.addingTimeInterval(31 * 60).timeIntervalSince1970 * 1000)
        var reached: Set<String> = []
        for _ in 0..<6 {
            for job in forwarder.statusDue(budget: 1, now: later) { reached.insert(job.key.draftId) }
        }
        #expect(reached == Set(stride(from: 0, to: 40, by: 8).map { "t\($0)" }))
    }
}
