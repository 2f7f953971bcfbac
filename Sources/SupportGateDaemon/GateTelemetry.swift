import SupportGateConfig
import SupportGateSpool
import SupportGateSystemd
import SystemCalls

/// What the gate tells the outside, on the loop's thread: journal entries (decisions,
/// faults), the counters behind STATUS= and the stop entry, and the metrics file.
final class GateTelemetry {
    let journal: any JournalSink
    let notifier: any ServiceNotifier
    private let clock: any GateClock
    /// Read for the backlog in STATUS= and the metrics; the pipeline's.
    private let committer: ResultCommitter
    private(set) var counters = DaemonCounters()
    private(set) var metrics = GateMetrics()
    private let unlogged = UnloggedEntries()
    private var lastStatus: Int64 = 0
    /// When the metrics file is next written (monotonic milliseconds), and whether the last
    /// write failed (logged once until one succeeds).
    private var nextMetricsWrite: Int64 = 0
    private var metricsFailing = false

    init(journal: any JournalSink, notifier: any ServiceNotifier, clock: any GateClock, committer: ResultCommitter) {
        self.journal = journal
        self.notifier = notifier
        self.clock = clock
        self.committer = committer
    }

    /// Sends an entry to the journal; entries it could not take (journald gone) are
    /// counted and shown in STATUS= until it takes one again.
    func record(_ entry: JournalEntry) {
        unlogged.note(delivered: journal.send(entry))
    }

    /// Counts and logs a committed batch, on the loop's thread while the worker decides the
    /// next batch (the commit is the faster stage, so the time is there). Every entry is sent
    /// from this thread, so entries keep their order. ORIGINAL_FILE is where the original
    /// goes: the worker moves it once it has decided the next batch.
    func log(_ report: BatchReport, commitSeconds: Double) {
        metrics.recordCommit(seconds: commitSeconds)
        for outcome in report.outcomes {
            let entry: JournalEntry
            switch outcome.disposition {
            case .decided(let result):
                counters.count(result)
                metrics.record(result)
                entry = DecisionJournalEntry.make(result, outcome: outcome)
            case .repeated(let draftId):
                counters.repeats += 1
                var repeated = JournalEntry(.entrySkipped, "draft \(draftId) was decided before from the same bytes; the earlier result stands", priority: .info)
                repeated.add("DRAFT_ID", draftId)
                repeated.add("DRAFT_FILE", outcome.originalName.description)
                repeated.add("ORIGINAL_FILE", outcome.originalPath)
                entry = repeated
            case .adopted(let adopted):
                counters.adopted += 1
                entry = Self.adoptionEntry(adopted, outcome: outcome)
            case .deferred, .vanished, .postponed:
                continue
            }
            record(entry)
        }
    }

    /// A decision the shared ledger holds for the same draft, written here as its result: made
    /// by another gate, or by this one for the same claim before a crash.
    static func adoptionEntry(_ adopted: AdoptedDecision, outcome: DraftOutcome) -> JournalEntry {
        var entry = JournalEntry(.decisionAdopted, "draft \(adopted.draftId) was accepted before from the same bytes and submitter\(adopted.decidedBy.isEmpty ? "" : " (by \(adopted.decidedBy))"); that acceptance stands and its result is in place",
                                 priority: .info)
        entry.add("DRAFT_ID", adopted.draftId)
        entry.add("DECISION_ID", adopted.decisionId)
        entry.add("DECISION", adopted.accepted ? "accept" : "reject")
        entry.add("DECIDED_BY", adopted.decidedBy)
        entry.add("PARTNER_TENANT_ID", adopted.partnerTenantId)
        entry.add("SUBMITTER_UID", outcome.submitterUID.map { String($0) })
        entry.add("DRAFT_FILE", outcome.originalName.description)
        entry.add("RESULT_FILE", outcome.resultPath)
        entry.add("ORIGINAL_FILE", outcome.originalPath)
        return entry
    }

    /// A fault the pipeline backs off from: counted, logged, and shown in STATUS= at once.
    func recordFault(_ fault: GateFault, retryingInMilliseconds delay: Int64) {
        counters.lastFault = fault.kind
        metrics.recordFault(kind: fault.metricsKind)
        record(fault.journalEntry(retryingInMilliseconds: delay))
        reportStatus(force: true)
    }

    /// A batch committed after a fault: STATUS= drops the fault.
    func faultCleared() {
        counters.lastFault = nil
        record(JournalEntry(.spoolRecovered, "spool fault cleared; deciding again", priority: .notice))
    }

    func countQueueOverflow() {
        counters.overflows += 1
        record(JournalEntry(.queueOverflow, "inotify queue overflowed; rescanning incoming/", priority: .warning))
    }

    func countReload(applied: Bool) {
        if applied { counters.reloads += 1 } else { counters.refusedReloads += 1 }
    }

    /// Counts and fault kinds only: `systemctl status` shows this line to every local user,
    /// so it names no file, draft or tenant. The journal has the details.
    func statusLine() -> String {
        // Held drafts (claimed, still open for writing by their submitter) are not the
        // backlog: they wait on the submitter, not on the gate.
        let backlog = committer.backlogEstimate(cap: 10_000)
        var line = "backlog \(backlog.count)\(backlog.capped ? "+" : ""), held \(committer.heldCount); \(counters.summary)"
        if let fault = counters.lastFault { line += "; FAULT: \(fault)" }
        let unloggedCount = unlogged.count
        if unloggedCount > 0 { line += "; JOURNAL UNAVAILABLE: \(unloggedCount) entries not logged" }
        let plainLines = journal.entriesAsPlainLines
        if plainLines > 0 { line += "; JOURNAL REFUSED \(plainLines) entries: logged as plain lines only" }
        return line
    }

    /// STATUS=, at most every 2 s unless `force`.
    func reportStatus(force: Bool) {
        let now = clock.monotonicMilliseconds()
        guard force || now - lastStatus >= 2_000 else { return }
        lastStatus = now
        notifier.status(statusLine())
    }

    /// After a reload: the new configuration's metrics file is written at the next turn.
    func metricsSettingsChanged() {
        nextMetricsWrite = 0
    }

    /// Rewrites the metrics file when `metrics.textfile` is set and the interval is up (or at
    /// a stop). A failure is logged once, and again only after a write succeeded.
    func writeMetrics(force: Bool, gate: LoadedGate) {
        guard let path = gate.configuration.metrics.textfile else { return }
        let now = clock.monotonicMilliseconds()
        guard force || now >= nextMetricsWrite else { return }
        nextMetricsWrite = now + Int64(gate.configuration.metrics.intervalSeconds) * 1_000
        let text = metrics.render(counters: counters, backlog: committer.folders.backlogEstimate(cap: 10_000).count,
                                  journalUndelivered: unlogged.total, gate: gate)
        do {
            try MetricsTextfile(path: path).write(text)
            metricsFailing = false
        } catch {
            guard !metricsFailing else { return }
            metricsFailing = true
            var entry = JournalEntry(.metricsNotWritten, "metrics not written to \(path): \(error); deciding goes on, retrying every \(gate.configuration.metrics.intervalSeconds) s", priority: .warning)
            entry.add("ERRNO", String(error.errno))
            record(entry)
        }
    }

    /// The loop could not wait for its descriptors (`poll` failed, ENOMEM): it slept out its
    /// timeout instead, so it neither spins nor stops deciding.
    func waitFailed(_ error: SystemCallError) {
        var entry = JournalEntry(.waitFailed, "cannot wait for drafts and signals: \(error); deciding goes on, looking again after the timeout", priority: .warning)
        entry.add("ERRNO", String(error.errno))
        record(entry)
    }

    /// A reload moved or removed `metrics.textfile`, and the old file could not be removed:
    /// it would serve frozen values to whoever still reads it.
    func staleMetricsFileKept(_ path: String, _ error: SystemCallError) {
        var entry = JournalEntry(.metricsNotWritten, "the old metrics file \(path) could not be removed: \(error); it no longer changes", priority: .warning)
        entry.add("ERRNO", String(error.errno))
        record(entry)
    }

    /// The last words: STOPPING= and the stop entry with what was done since the start.
    func stopping() {
        notifier.stopping(status: "stopping: \(counters.summary)")
        var entry = JournalEntry(.gateStopping, "supportgate stopping: \(counters.summary)", priority: .info)
        entry.add("DRAFTS_DECIDED", String(counters.decided))
        record(entry)
    }
}
