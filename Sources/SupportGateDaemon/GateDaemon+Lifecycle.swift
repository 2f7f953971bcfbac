import SupportGateConfig
import SupportGateCore
import SupportGateSpool
import SupportGateSystemd

/// Starting on the spool, the signals handled between turns, and the loop's steps as
/// SupportGateTestKit's harness turns them by hand.
extension GateDaemon {
    /// Once the spool lock is held: clears what a crash left half-written, carries a 0.19.0
    /// spool's acceptances into the ledger, and tells the journal and the service manager.
    package func start() {
        let folders = pipeline.folders
        pipeline.committer.removeTemporaryResults()
        pipeline.reportRecovery(pipeline.inFlightRecord.recover())
        if pipeline.committer.settings.resultAccess == .group {
            telemetry.record(JournalEntry(.gateStarted, "spool.resultAccess = \"group\": every member of the spool's group can read any result whose name it knows", priority: .warning))
        }
        if let warning = ForwarderAccessWarning.entry(for: reloads.gate) { telemetry.record(warning) }
        reloads.carryOverAcceptedResults()
        var started = JournalEntry(.gateStarted, "supportgate started on \(folders.paths.root)", priority: .info)
        started.add("CONFIG_REVISION", reloads.gate.configRevision)
        started.add("SPOOL_ROOT", folders.paths.root)
        telemetry.record(started)
        telemetry.notifier.ready(status: telemetry.statusLine())
    }

    /// Signals, between turns: a reload starts loading on the loader's thread
    /// (`completeReload` applies it once loaded). True when told to stop.
    package func handle(_ requests: [SignalInbox.Request]) -> Bool {
        var stop = false
        for request in requests {
            switch request {
            case .reload(let token):
                reloads.request(token: token)
            case .stop:
                stop = true
            }
        }
        return stop
    }

    /// One turn of the intake pipeline; true when anything was done.
    package func workOnce() -> Bool { pipeline.turn() }

    package func finishInFlight() { pipeline.finishInFlight() }

    /// Applies a finished reload; `waiting`: waits for the load first. True when one had finished.
    @discardableResult
    package func completeReload(waiting: Bool = false) -> Bool { reloads.complete(waiting: waiting) }

    func answerPendingReloads(_ reason: String) { reloads.answerPending(reason) }

    package var gate: LoadedGate { reloads.gate }
    package var folders: OpenSpoolFolders { pipeline.folders }
    package var committer: ResultCommitter { pipeline.committer }
    package var inFlight: PreparedBatch? { pipeline.inFlight }
    package func statusLine() -> String { telemetry.statusLine() }
    package func writeMetrics(force: Bool) { telemetry.writeMetrics(force: force, gate: reloads.gate) }
}
