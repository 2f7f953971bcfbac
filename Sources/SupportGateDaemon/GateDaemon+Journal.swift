import SupportGateConfig
import SupportGateSpool
import SupportGateSystemd
import SystemCalls

/// What the gate tells the journal and the service manager: decisions, faults, STATUS=.
extension GateDaemon {
    /// Sends an entry to the journal; entries it could not take (journald gone) are
    /// counted and shown in STATUS= until it takes one again.
    func record(_ entry: JournalEntry) {
        unlogged.note(delivered: journal.send(entry))
    }

    /// A file-system or ledger fault: logged, shown in STATUS=, retried with back-off. Drafts stay
    /// where they are (incoming/ or processing/) until it clears.
    func reportFault(_ fault: SpoolError, at now: Int64) {
        faultBackoff.failed(at: now)
        scanIncoming = true
        rescanPending = true
        counters.lastFault = fault.kind
        metrics.recordFault(kind: fault.errnoName)
        var entry: JournalEntry
        if let ledgerFault = fault.ledgerFault {
            entry = JournalEntry(.spoolFault, "ledger fault (\(ledgerFault)), retrying in \(faultBackoff.delayMilliseconds) ms: \(fault)", priority: .error)
            entry.add("LEDGER", fault.path)
            entry.add("LEDGER_FAULT", ledgerFault)
        } else {
            entry = JournalEntry(.spoolFault, "spool fault, retrying in \(faultBackoff.delayMilliseconds) ms: \(fault)", priority: .error)
            entry.add("ERRNO", String(fault.errno))
            entry.add("SPOOL_PATH", fault.path)
        }
        record(entry)
        reportStatus(force: true)
    }

    /// Counts and logs a committed batch, on this thread while the worker decides the next
    /// batch (the commit is the faster stage, so the time is there). Every entry is sent
    /// from this thread, so entries keep their order. ORIGINAL_FILE is where the original
    /// goes: the worker moves it once it has decided the next batch.
    func log(_ report: BatchReport) {
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

    func reportStatus(force: Bool) {
        let now = clock.monotonicMilliseconds()
        guard force || now - lastStatus >= 2_000 else { return }
        lastStatus = now
        notifier.status(statusLine())
    }

    /// Rewrites the metrics file when `metrics.textfile` is set and the interval is up (or at
    /// a stop). A failure is logged once, and again only after a write succeeded.
    func writeMetrics(force: Bool) {
        guard let path = gate.configuration.metrics.textfile else { return }
        let now = clock.monotonicMilliseconds()
        guard force || now >= nextMetricsWrite else { return }
        nextMetricsWrite = now + Int64(gate.configuration.metrics.intervalSeconds) * 1_000
        let text = metrics.render(counters: counters, backlog: folders.backlogEstimate(cap: 10_000).count,
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
}
