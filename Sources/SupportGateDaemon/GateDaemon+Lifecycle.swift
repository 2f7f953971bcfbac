#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
import SupportGateCore
import SupportGateSpool
import SupportGateSystemd

/// Taking the spool: standing by while another gate holds it, starting on it, and the
/// signals handled between turns.
extension GateDaemon {
    /// Another gate holds the spool: wait, ready to take over when it stops or dies.
    /// False when told to stop first.
    func waitAsStandby() -> Bool {
        var entry = JournalEntry(.gateStarted, "supportgate standing by: another gate holds \(folders.layout.root)", priority: .notice)
        entry.add("SPOOL_ROOT", folders.layout.root)
        record(entry)
        notifier.ready(status: "standby: another gate holds the spool")
        while true {
            var stop = false
            for request in signals.read() {
                switch request {
                case .stop: stop = true
                case .reload(let token):
                    answerPendingReloads("standing by: another gate holds the spool; this one loads its configuration when it takes over",
                                         tokens: token.map { [$0] } ?? [])
                }
            }
            if stop { return false }
            if folders.tryLockSpool() { return true }
            notifier.watchdogAlive()
            var descriptor = pollfd(fd: signals.descriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, 500)
        }
    }

    /// Once the spool lock is held: clears what a crash left half-written, carries a 0.19.0
    /// spool's acceptances into the ledger, and tells the journal and the service manager.
    func start() {
        committer.removeTemporaryResults()
        reportRecovery(inFlightRecord.recover())
        if committer.settings.resultAccess == .group {
            record(JournalEntry(.gateStarted, "spool.resultAccess = \"group\": every member of the spool's group can read any result whose name it knows", priority: .warning))
        }
        carryOverAcceptedResults()
        var started = JournalEntry(.gateStarted, "supportgate started on \(folders.layout.root)", priority: .info)
        started.add("CONFIG_REVISION", gate.configRevision)
        started.add("SPOOL_ROOT", folders.layout.root)
        record(started)
        notifier.ready(status: statusLine())
    }

    /// Signals, between turns: a reload starts loading on the loader's thread
    /// (`completeReload` applies it once loaded). True when told to stop.
    func handle(_ requests: [SignalInbox.Request]) -> Bool {
        var stop = false
        for request in requests {
            switch request {
            case .reload(let token):
                requestReload(token: token)
            case .stop:
                stop = true
            }
        }
        return stop
    }
}
