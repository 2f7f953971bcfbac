import SupportGateSpool
import SupportGateSystemd

/// What the in-flight record (InFlightRecord) tells the journal.
extension IntakePipeline {
    /// At start: the last gate on this spool stopped abnormally while deciding drafts.
    func reportRecovery(_ recovery: InFlightRecord.Recovery) {
        if recovery.abnormalExit {
            var entry = JournalEntry(.gateStarted,
                                     "the last gate on this spool stopped abnormally while deciding \(recovery.inFlight) draft(s); drafts in flight then are decided one at a time, and one in flight at two abnormal exits is rejected unread with DRAFT_POISON and quarantined",
                                     priority: .warning)
            entry.add("DRAFTS_IN_FLIGHT", String(recovery.inFlight))
            entry.add("DRAFTS_SUSPECT", String(recovery.suspects.count))
            entry.add("SPOOL_ROOT", folders.paths.root)
            telemetry.record(entry)
        }
        for claim in recovery.poison.prefix(100) {
            var entry = JournalEntry(.gateStarted, "a poison draft: the gate stopped abnormally twice while deciding processing/\(claim); it is not decided again (DRAFT_POISON)",
                                     priority: .error)
            entry.add("CLAIM_FILE", claim.description)
            entry.add("SPOOL_ROOT", folders.paths.root)
            telemetry.record(entry)
        }
    }

    /// The record could not be written: the gate decides on, but a draft that kills it
    /// meanwhile would not be found. Logged as it happens, at most once a turn.
    func reportInFlightRecordFault() {
        guard let fault = inFlightRecord.takeFault() else { return }
        var entry = JournalEntry(.spoolFault, "\(fault); deciding on without it: a draft that crashed the gate now would not be found", priority: .warning)
        entry.add("ERRNO", String(fault.errno))
        entry.add("SPOOL_PATH", fault.path)
        telemetry.record(entry)
    }
}
