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
    /// A measurement, so opt-in (`SUPPORTGATE_FORWARD_BENCH=1`): speed is measured by
    /// Scripts/bench-forward.sh, never by a timed unit test beside other suites.
    @Test("filings per second ≥ 0.8 × concurrency / the double's time per filing",
          .enabled(if: ProcessInfo.processInfo.environment["SUPPORTGATE_FORWARD_BENCH"] != nil))
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
        #expect(rate >= floor)
    }
}
