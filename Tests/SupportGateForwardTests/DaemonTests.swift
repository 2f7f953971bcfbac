import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateFiling
import SupportGateForward
import SupportGateSystemd
import SupportGateTestKit
import SystemCalls
import Testing

/// The daemon: READY, a new result filed as inotify reports it (not at the next rescan),
/// WATCHDOG as it turns, STOPPING at a stop.
@Suite("Forward daemon")
struct DaemonTests {
    @Test("a result the gate renames onto a watched shelf is filed within a second; the rescan is a minute away")
    func inotifyLatency() async throws {
        let fixture = try ForwardFixture()
        defer { fixture.remove() }
        try fixture.accept("existing")
        let forwarder = try fixture.forwarder()
        #expect(forwarder.rescanIntervalSeconds == 60)
        let stop = try SystemCall.eventfd(0)
        defer { try? SystemCall.close(stop) }
        let running = Task { await forwarder.run(stopSignal: stop) }
        try await waitFor { (try? fixture.record("existing"))??.state == .filed }
        // As the gate writes a result: a temporary name outside the shelf, then a rename in.
        let temporary = try fixture.accept("arrived", fileName: ".arrived.tmp")
        let started = Date()
        try FileManager.default.moveItem(atPath: temporary, toPath: "\(fixture.spool)/accepted/\(ForwardFixture.contoso)/arrived.json")
        try await waitFor { (try? fixture.record("arrived"))??.state == .filed }
        #expect(Date().timeIntervalSince(started) < 5)
        try SystemCall.eventfdWrite(stop, 1)
        await running.value
        let lifecycle = fixture.notifier.lifecycle
        #expect(lifecycle.first == "READY=1")
        #expect(lifecycle.contains("STOPPING=1"))
        #expect(fixture.gateway.creates == 2)
        #expect(fixture.journal.entries(.forwarderStarted).count == 1)
        #expect(fixture.journal.entries(.forwarderStopping).count == 1)
    }

    private func waitFor(seconds: Double = 10, _ condition: () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            guard Date() < deadline else {
                Issue.record("timed out")
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
