import SupportGateFiling
import SupportGateSystemd
import Synchronization

/// The journal entries and counters of the forwarder. Every entry names its draft, partner,
/// ticket name and ticket id; none carries a secret: the record's fields, Microsoft's codes
/// and messages and the transport's reasons are all it is built from (`Secret` prints as
/// `<redacted>` besides).
public final class ForwardTelemetry: Sendable {
    public let journal: any JournalSink
    public let metrics = Mutex(ForwardMetrics())

    public init(journal: any JournalSink) {
        self.journal = journal
    }

    public func settled(_ record: FilingRecord, _ event: FilingEvent, latencySeconds: Double?) {
        let entry: JournalEntry
        switch event {
        case .filed:
            entry = Self.entry(.ticketFiled, "draft \(record.draftId) of \(record.partnerTenantId) filed with Microsoft as ticket \(record.ticketId ?? "?")", record)
        case .rejected:
            var rejected = Self.entry(.ticketRejected, "draft \(record.draftId) of \(record.partnerTenantId) rejected by Microsoft: \(record.lastError?.code ?? "?"): \(record.lastError?.message ?? "")", record, priority: .warning)
            rejected.add("ERROR_CODE", record.lastError?.code)
            rejected.add("HTTP_STATUS", record.lastError?.httpStatus.map(String.init))
            entry = rejected
        case .manual:
            entry = Self.entry(.ticketManual, "draft \(record.draftId) of \(record.partnerTenantId) is a Partner Center request: file it by hand from \(record.manual?.page ?? "Partner Center"), then run supportgate filed link", record, priority: .notice)
        case .linked:
            entry = Self.entry(.ticketLinked, "draft \(record.draftId) of \(record.partnerTenantId) linked to service request \(record.ticketId ?? "?")", record)
        case .statusChanged(let before):
            var changed = Self.entry(.ticketStatusChanged, "ticket \(record.ticketId ?? "?") of draft \(record.draftId): status \(before ?? "none") → \(record.status ?? "none")", record)
            changed.add("PREVIOUS_STATUS", before)
            entry = changed
        }
        journal.send(entry)
        metrics.withLock { $0.settled(event, latencySeconds: latencySeconds) }
    }

    public func fault(_ job: FilingJob, _ failure: MicrosoftFailure) {
        let reason: String
        var entry: JournalEntry
        switch failure {
        case .throttled(let status, let seconds):
            reason = "throttled"
            entry = JournalEntry(.filingFault, "Microsoft throttled a request (HTTP \(status)); waiting \(seconds.map { "\($0) s" } ?? "a while")", priority: .notice)
        case .unavailable(let why):
            reason = "unavailable"
            entry = JournalEntry(.filingFault, "Microsoft's \(job.cloud) endpoint unavailable: \(why); backing off", priority: .warning)
        case .unauthorized(let code, let message):
            reason = "unauthorized"
            entry = JournalEntry(.filingFault, "no token for partner \(job.key.partner): \(code): \(message); check its credentials file", priority: .error)
            metrics.withLock { $0.tokenFailures += 1 }
        case .rejected(let status, let code, _):
            reason = "rejected"
            entry = JournalEntry(.filingFault, "a status request was refused (HTTP \(status), \(code))", priority: .warning)
        }
        entry.add("DRAFT_ID", job.key.draftId)
        entry.add("PARTNER", job.key.partner)
        entry.add("FAULT", reason)
        journal.send(entry)
        metrics.withLock { $0.retries[reason, default: 0] += 1 }
    }

    public func local(_ job: FilingJob, _ message: String) {
        var entry = JournalEntry(.filingFault, "cannot keep the record of \(job.key): \(message); trying again", priority: .error)
        entry.add("DRAFT_ID", job.key.draftId)
        entry.add("PARTNER", job.key.partner)
        entry.add("FAULT", "local")
        journal.send(entry)
        metrics.withLock { $0.retries["local", default: 0] += 1 }
    }

    /// Files refused already, so a planted file is journaled once, not at every rescan;
    /// bounded (forgotten wholesale past the cap: a flood costs repeats, never memory).
    private let refusedFiles = Mutex<Set<String>>([])
    static let refusedMemory = 10_000

    public func refused(file: String, reason: String) {
        let isNew = refusedFiles.withLock { files in
            if files.count >= Self.refusedMemory { files.removeAll() }
            return files.insert(file + "\u{0}" + reason).inserted
        }
        guard isNew else { return }
        var entry = JournalEntry(.resultRefused, "\(file): not filed: \(reason)", priority: .warning)
        entry.add("RESULT_FILE", file)
        journal.send(entry)
        metrics.withLock { $0.refused += 1 }
    }

    public func recovered(_ cloud: String) {
        journal.send(JournalEntry(.filingRecovered, "Microsoft's \(cloud) endpoint answers again", priority: .notice))
    }

    static func entry(_ id: MessageID, _ message: String, _ record: FilingRecord, priority: JournalEntry.Priority = .info) -> JournalEntry {
        var entry = JournalEntry(id, message, priority: priority)
        entry.add("DRAFT_ID", record.draftId)
        entry.add("PARTNER", record.partnerTenantId)
        entry.add("TICKET_NAME", record.ticketName)
        entry.add("TICKET_ID", record.ticketId)
        entry.add("FILING_STATE", record.state.rawValue)
        entry.add("TICKET_STATUS", record.status)
        entry.add("ATTEMPTS", String(record.attempts))
        return entry
    }
}

/// The forwarder's counters, in node_exporter's textfile format (like the gate's).
public struct ForwardMetrics: Sendable {
    public var filings: [String: Int] = [:]
    public var retries: [String: Int] = [:]
    public var statusChanges = 0
    public var tokenFailures = 0
    public var refused = 0
    public var inFlight = 0
    public var queued = 0
    /// Drop-to-filed latency (from the result's decision): a histogram's buckets, in seconds.
    public static let buckets: [Double] = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300]
    public var latencyCounts = [Int](repeating: 0, count: ForwardMetrics.buckets.count)
    public var latencySum = 0.0
    public var latencyCount = 0

    mutating func settled(_ event: FilingEvent, latencySeconds: Double?) {
        switch event {
        case .filed: filings["filed", default: 0] += 1
        case .rejected: filings["rejected-by-microsoft", default: 0] += 1
        case .manual: filings["manual", default: 0] += 1
        case .linked: filings["linked", default: 0] += 1
        case .statusChanged: statusChanges += 1
        }
        if let latencySeconds, event == .filed {
            for (index, bound) in Self.buckets.enumerated() where latencySeconds <= bound { latencyCounts[index] += 1 }
            latencySum += latencySeconds
            latencyCount += 1
        }
    }

    public var text: String {
        var lines: [String] = []
        lines += ["# HELP supportgate_forward_filings_total Filings settled, by outcome.", "# TYPE supportgate_forward_filings_total counter"]
        for outcome in ["filed", "rejected-by-microsoft", "manual", "linked"] {
            lines.append("supportgate_forward_filings_total{outcome=\"\(outcome)\"} \(filings[outcome, default: 0])")
        }
        lines += ["# HELP supportgate_forward_retries_total Requests to be made again, by reason.", "# TYPE supportgate_forward_retries_total counter"]
        for reason in ["throttled", "unavailable", "unauthorized", "rejected", "local"] {
            lines.append("supportgate_forward_retries_total{reason=\"\(reason)\"} \(retries[reason, default: 0])")
        }
        lines += ["# HELP supportgate_forward_in_flight Jobs running now.", "# TYPE supportgate_forward_in_flight gauge", "supportgate_forward_in_flight \(inFlight)"]
        lines += ["# HELP supportgate_forward_queued Jobs waiting.", "# TYPE supportgate_forward_queued gauge", "supportgate_forward_queued \(queued)"]
        lines += ["# HELP supportgate_forward_token_failures_total Tokens refused.", "# TYPE supportgate_forward_token_failures_total counter",
                  "supportgate_forward_token_failures_total \(tokenFailures)"]
        lines += ["# HELP supportgate_forward_status_changes_total Ticket status changes seen.", "# TYPE supportgate_forward_status_changes_total counter",
                  "supportgate_forward_status_changes_total \(statusChanges)"]
        lines += ["# HELP supportgate_forward_refused_total Files on accepted shelves not filed (planted, malformed).",
                  "# TYPE supportgate_forward_refused_total counter", "supportgate_forward_refused_total \(refused)"]
        lines += ["# HELP supportgate_forward_latency_seconds From the decision to the ticket filed.", "# TYPE supportgate_forward_latency_seconds histogram"]
        for (index, bound) in Self.buckets.enumerated() {
            lines.append("supportgate_forward_latency_seconds_bucket{le=\"\(bound)\"} \(latencyCounts[index])")
        }
        lines.append("supportgate_forward_latency_seconds_bucket{le=\"+Inf\"} \(latencyCount)")
        lines.append("supportgate_forward_latency_seconds_sum \(latencySum)")
        lines.append("supportgate_forward_latency_seconds_count \(latencyCount)")
        return lines.joined(separator: "\n") + "\n"
    }
}
