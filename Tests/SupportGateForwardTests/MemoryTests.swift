import Foundation
import SupportGateFiling
import SupportGateForward
import Testing

/// Memory stays flat as filings go by: what the forwarder keeps is what is queued or running.
/// Opt-in (`SUPPORTGATE_FORWARD_MEMORY=N` filings; a minute for 20,000): CI's budget is the
/// e2e benchmark's.
@Suite("Forward memory")
struct MemoryTests {
    /// Resident set size in KiB (VmRSS).
    static func residentKiB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }

    @Test("RSS after the third of three equal rounds of filings is within 8 MiB of after the second (the first warms the allocator)",
          .enabled(if: ProcessInfo.processInfo.environment["SUPPORTGATE_FORWARD_MEMORY"] != nil))
    func flat() async throws {
        let total = Int(ProcessInfo.processInfo.environment["SUPPORTGATE_FORWARD_MEMORY"] ?? "") ?? 20_000
        let fixture = try ForwardFixture(forgetful: true)
        defer { fixture.remove() }
        var sizes: [Int] = []
        let round = total / 3
        for half in 0..<3 {
            for index in 0..<round { try fixture.accept("m\(half)-\(index)") }
            let forwarder = try fixture.forwarder(concurrency: 16, perPartner: 16, journal: DiscardingJournal())
            let summary = await forwarder.runOnce()
            #expect(summary.settled == round)
            sizes.append(Self.residentKiB())
        }
        print("forward memory: RSS \(sizes.map { "\($0 / 1024) MiB" }.joined(separator: ", ")) after each round of \(round) filings")
        #expect(sizes[2] - sizes[1] < 8 * 1024)
    }
}
