import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
@testable import SupportGateDaemon
import SupportGateSpool
import SupportGateSystemd
import SupportGateTestKit
import Testing

/// What the gate tells the service manager, in order (sd_notify(3)): READY once started,
/// RELOADING then READY around a reload, WATCHDOG every turn of the loop, STATUS with the
/// counts and any fault, STOPPING at the end. The unit is Type=notify, so RELOADING=1 goes
/// without MONOTONIC_USEC (which only Type=notify-reload reads).
@Suite("Service manager notifications")
struct NotifySequenceTests {
    @Test("READY once the gate has started on the spool, with its STATUS")
    func readyAtStart() throws {
        let harness = try PipelineHarness("notify start")
        #expect(harness.notifier.lifecycle == ["READY=1"], "\(harness.notifier.messages)")
        guard case .ready(let status)? = harness.notifier.messages.first else {
            Issue.record("READY first: \(harness.notifier.messages)")
            return
        }
        #expect(status.hasPrefix("backlog 0, held 0; 0 accepted, 0 rejected"), "\(status)")
    }

    @Test("a reload: RELOADING (naming the revision deciding meanwhile), then READY once applied")
    func reloadingThenReady() throws {
        let harness = try PipelineHarness("notify reload")
        harness.notifier.removeAll()
        harness.reload()
        #expect(harness.notifier.lifecycle == ["RELOADING=1", "READY=1"], "\(harness.notifier.messages)")
        guard case .reloading(let status)? = harness.notifier.messages.first(where: { $0.state == "RELOADING=1" }) else { return }
        #expect(status.contains("deciding with \(harness.daemon.gate.configRevision) meanwhile"), "\(status)")
    }

    @Test("a refused reload still ends with READY: the old configuration decides on")
    func refusedReloadReady() throws {
        let harness = try PipelineHarness("notify refused")
        try "[spool\n".write(toFile: harness.configPath, atomically: true, encoding: .utf8)
        harness.notifier.removeAll()
        harness.reload()
        #expect(harness.notifier.lifecycle == ["RELOADING=1", "READY=1"], "\(harness.notifier.messages)")
        #expect(harness.journal.entries(.reloadRefused).count == 1)
    }

    @Test("WATCHDOG=1 at every turn of the loop, busy or idle")
    func watchdogEveryTurn() throws {
        let harness = try PipelineHarness("notify watchdog")
        try harness.drop(id: "w1")
        harness.notifier.removeAll()
        // Claims and decides w1; commits it; finds nothing more (the loop would wait).
        var turns = 0, worked = true
        while worked, turns < 10 {
            worked = harness.daemon.turn()
            turns += 1
        }
        #expect(turns == 3)
        let pings = harness.notifier.messages.filter { $0 == .watchdog }.count
        // One per turn, and the feeder's as drafts are decided (WatchdogFeeder).
        #expect(pings >= turns, "\(harness.notifier.messages)")
        #expect(harness.decidedIds == ["w1"])
        // Near miss: no turn, no ping.
        harness.notifier.removeAll()
        #expect(!harness.notifier.messages.contains(.watchdog))
    }

    @Test("STATUS= at once on a fault, naming its kind and no path")
    func statusOnFault() throws {
        let harness = try PipelineHarness("notify status")
        harness.notifier.removeAll()
        harness.daemon.pipeline.reportFault(.spool(SpoolError("no space", path: harness.root, errno: ENOSPC)), at: harness.clock.monotonicMilliseconds())
        let statuses = harness.notifier.messages.compactMap { if case .status(let text) = $0 { text } else { nil } }
        #expect(statuses.count == 1, "\(harness.notifier.messages)")
        #expect(statuses.first?.contains("FAULT: ENOSPC") == true && statuses.first?.contains(harness.root) == false, "\(statuses)")
    }

    @Test("STOPPING last at a stop, with what was done, after the batch in flight is committed")
    func stoppingAtStop() throws {
        let harness = try PipelineHarness("notify stop")
        try harness.drop(id: "s1")
        #expect(harness.daemon.turn())
        harness.notifier.removeAll()
        harness.daemon.shutDown()
        #expect(harness.notifier.lifecycle == ["STOPPING=1"], "\(harness.notifier.messages)")
        guard case .stopping(let status)? = harness.notifier.messages.last else {
            Issue.record("STOPPING last: \(harness.notifier.messages)")
            return
        }
        #expect(status == "stopping: 1 accepted, 0 rejected, 0 repeats", "\(status)")
        #expect(harness.journal.entries(.gateStopping).count == 1)
    }
}
