#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SupportGateConfig
import SupportGateFiling
import SupportGateSpool
import SupportGateSystemd
import SystemCalls

extension Forwarder {
    /// The daemon: READY once the shelves are watched and scanned; then new results are filed
    /// as inotify reports them, a rescan every `spool.rescanIntervalSeconds` catches anything
    /// missed, link requests are applied, and open tickets are followed within the status
    /// budget. Returns after SIGTERM/SIGINT on `stopSignal`, once the jobs running are over.
    public func run(stopSignal: Int32) async {
        let (events, input) = AsyncStream.makeStream(of: ForwardEngine.Event.self)
        var started = JournalEntry(.forwarderStarted, "supportgate forward started: \(partners.count) partner(s) with credentials", priority: .notice)
        started.add("PARTNERS", partners.joined(separator: ","))
        telemetry.journal.send(started)
        let watcher = ShelfWatcher(forwarder: self, input: input, stopSignal: stopSignal)
        let thread = WatcherThread(watcher)
        thread.start()
        let summary = await engine.drive(events, input, retryLimit: nil)
        input.finish()
        writeMetrics()
        notifier.stopping(status: "stopped; \(summary.failed) waiting for the next start")
        telemetry.journal.send(JournalEntry(.forwarderStopping, "supportgate forward stopped; \(summary.failed) job(s) wait for the next start", priority: .notice))
        thread.join()
    }
}

/// The watcher's own thread: it blocks in poll, which the concurrency pool must not.
final class WatcherThread: Sendable {
    private let watcher: ShelfWatcher
    private let finished = SignalledFlag()

    init(_ watcher: ShelfWatcher) {
        self.watcher = watcher
    }

    func start() {
        let (watcher, finished) = (self.watcher, self.finished)
        let thread = Thread {
            watcher.loop()
            finished.set()
        }
        thread.name = "supportgate.forward.watcher"
        thread.start()
    }

    func join() {
        finished.wait()
    }
}
