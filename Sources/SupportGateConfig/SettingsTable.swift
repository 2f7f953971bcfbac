import SupportGateCore
import SupportGateSpool

/// Every key of `supportgate.toml`, in the order the reference lists them and problems are
/// reported. Adding a setting is adding a line here (and its field): the parser, the
/// unknown-key check, the defaults, `config show`, the canonical settings and
/// docs/configuration.md follow.
public enum SettingsTable {
    /// Computed, not stored: a key's closures and key paths need not be Sendable then, and
    /// the table is read once per load.
    public static var keys: [SettingKey] {
        [
            .path("directory", \.directoryPath, default: "/etc/supportgate/directory.json",
                  doc: "The tenant directory (JSON): partners, customers, relationships, entitlements. Required, unless `--directory` is given.",
                  defaultNote: "required", check: { $0.isEmpty ? "is empty; give the path of the tenant directory (JSON)" : nil }),

            .path("spool.root", \.spool.root, default: "/var/spool/supportgate",
                  doc: "Where drafts are dropped and results written.", check: { $0.isEmpty ? "is empty" : nil }),
            .integer("spool.rescanIntervalSeconds", \.spool.rescanIntervalSeconds, 1...86_400, default: 60,
                     doc: "Seconds between safety rescans of incoming/, in case a file event was missed."),
            .integer("spool.batchSize", \.spool.batchSize, 1...4_096, default: 256,
                     doc: "Drafts claimed, decided and committed together."),
            .integer("spool.quietMilliseconds", \.spool.quietMilliseconds, 0...600_000, default: 1_000,
                     doc: "Where no lease can tell whether a writer still has a draft open: how long it must be left unmodified."),
            .integer("spool.retentionDays", \.spool.retentionDays, 0...36_500, default: 90,
                     doc: "`supportgate spool prune` removes originals and results older than this; 0 keeps them forever."),
            .choice("spool.durability", \.spool.durability, default: SpoolSettings.Durability.groupCommit,
                    doc: "`group-commit`: one syncfs per batch of results; `per-file`: an fsync per result."),
            .choice("spool.resultAccess", \.spool.resultAccess, default: SpoolSettings.ResultAccess.acl,
                    doc: "`acl`: a result is readable only by its dropper and its partner's groups (POSIX ACLs); `group`: by every member of the spool's group, for a file system without ACLs."),
            .userName("spool.forwarderUser", \.spool.forwarderUser, default: "supportgate-forward",
                      doc: "The forwarder's system user (`supportgate forward`): in `acl` mode it may list partners' shelves in accepted/ and read accepted results, nothing else. Empty: none."),

            .integer("limits.maxDraftBytes", \.spool.maxDraftBytes, 64...16_777_216, default: 262_144, decides: true,
                     doc: "Larger drafts are rejected (DRAFT_TOO_LARGE) before they are read."),
            .integer("limits.maxQueuedPerSubmitter", \.spool.maxQueuedPerSubmitter, 1...10_000_000, default: 10_000,
                     doc: "Drafts one submitter (file owner) may have waiting in incoming/; more are refused unread (SUBMITTER_QUEUE_FULL)."),
            .integer("limits.maxQueuedBytesPerSubmitter", \.spool.maxQueuedBytesPerSubmitter, 1_048_576...1_099_511_627_776, default: 1 << 30,
                     doc: "Bytes one submitter may have waiting in incoming/; more are refused unread (SUBMITTER_QUEUE_FULL)."),
            .integer("limits.maxDirectoryBytes", \.maxDirectoryBytes, 1_024...68_719_476_736, default: 1 << 30,
                     doc: "A tenant directory larger than this is refused before it is read (1 GiB: about 2.5 million customers)."),

            .optionalPath("metrics.textfile", \.metrics.textfile,
                          doc: "The `.prom` file for node_exporter's textfile collector; not set: no metrics.",
                          check: { $0.hasSuffix(".prom") && !$0.hasSuffix("/.prom") ? nil : "must name a file ending in .prom (node_exporter's textfile collector reads only those), e.g. \"/var/lib/prometheus/node-exporter/supportgate.prom\"" }),
            .integer("metrics.intervalSeconds", \.metrics.intervalSeconds, 1...3_600, default: 15,
                     doc: "Seconds between rewrites of the metrics file."),

            .path("ledger.path", \.ledger.path, default: "/var/lib/supportgate/ledger.sqlite",
                  doc: "The SQLite file that remembers accepted drafts and counts incidents.",
                  check: { $0.isEmpty ? "is empty; give the SQLite file that counts incidents, e.g. \"\(GateConfiguration.defaultLedgerPath)\"" : nil }),
            .text("ledger.url", \.ledger.url, allowed: "`postgresql://…` or `postgres://…` (libpq's syntax)",
                  doc: "A PostgreSQL URL instead of `path`, for several gates sharing one ledger.",
                  check: { $0.hasPrefix("postgresql://") || $0.hasPrefix("postgres://") ? nil : "must be a PostgreSQL URL, e.g. \"postgresql:///supportgate?host=/run/postgresql\"" }),
            .integer("ledger.retentionDays", \.ledger.retentionDays, 1...36_500, default: 400,
                     doc: "`supportgate ledger prune` forgets accepted drafts decided longer ago than this; at least 1, longer than any entitlement's window.",
                     below: ledgerRetentionTooSmall),

            // `supportgate forward` (contract §8): read by the forwarder only.
            .path("forward.credentials", \.forward.credentials, default: "/etc/supportgate/credentials",
                  doc: "The folder of `<partnerTenantId>.json` credentials files (mode 0600); only partners with one are filed. Under systemd, `LoadCredential=` hands them over instead.",
                  check: { $0.isEmpty ? "is empty; give the folder of the partners' credentials files" : nil }),
            .optionalText("forward.caFile", \.forward.caFile, allowed: "a PEM file", doc: "Extra PEM trust anchors for Microsoft's endpoints (a test double, a TLS-inspecting proxy); `\"\"`: the system's alone.",
                          resolvesPath: true, check: { _ in nil }),
            .integer("forward.concurrency", \.forward.concurrency, 1...1_024, default: 16,
                     doc: "Filings in flight at once, all partners together."),
            .integer("forward.perPartnerConcurrency", \.forward.perPartnerConcurrency, 1...1_024, default: 4,
                     doc: "Filings in flight at once for one partner."),
            .integer("forward.statusIntervalMinutes", \.forward.statusIntervalMinutes, 1...10_080, default: 30,
                     doc: "Minutes between two status checks of one open ticket."),
            .optionalText("forward.since", \.forward.since, allowed: "an RFC 3339 time", doc: "Results decided before this are never filed; `\"\"`: for each partner, the first time the forwarder ran for it.",
                          check: SettingKey.rfc3339Problem),
            .path("forward.stateDirectory", \.forward.stateDirectory, default: "/var/lib/supportgate-forward",
                  doc: "The forwarder's own state: first-run times, link requests, rotated refresh tokens. `$STATE_DIRECTORY` (systemd's `StateDirectory=`) overrides it.",
                  check: { $0.isEmpty ? "is empty" : nil }),
            .integer("forward.statusRequestsPerMinute", \.forward.statusRequestsPerMinute, 1...100_000, default: 120,
                     doc: "Status requests to Microsoft per minute, all partners together; tickets wait their turn beyond it."),
            .endpoint("public", "authority", doc: "The public cloud's token authority."),
            .endpoint("public", "azure", doc: "The public cloud's Azure Resource Manager."),
            .endpoint("public", "partnerCenter", doc: "Partner Center's API, for the public cloud's partners."),
            .endpoint("usgov", "authority", doc: "Azure Government's token authority."),
            .endpoint("usgov", "azure", doc: "Azure Government's Resource Manager."),
            .endpoint("usgov", "partnerCenter", doc: "Partner Center's API, for Azure Government's partners."),
            .endpoint("germany", "authority", doc: "Azure Germany's token authority."),
            .endpoint("germany", "azure", doc: "Azure Germany's Resource Manager."),
            .endpoint("germany", "partnerCenter", doc: "Partner Center's API, for Azure Germany's partners."),

            .boolean("azure.allowPaidSupport", \.policy.allowPaidAzureSupport, default: true, decides: true,
                     doc: "Azure technical support no benefit covers: `true` accepts and charges the partner (AZURE_FEE_CHARGED), `false` rejects (AZURE_FEE_NOT_COVERED)."),

            .integer("sla.severityAPlusMinutes", \.policy.serviceLevels.severityAPlus, 1...100_000, default: 60, decides: true,
                     doc: "First-response target for severity A+ (minutes)."),
            .integer("sla.severityAMinutes", \.policy.serviceLevels.severityA, 1...100_000, default: 120, decides: true,
                     doc: "First-response target for severity A (minutes)."),
            .integer("sla.severityBMinutes", \.policy.serviceLevels.severityB, 1...100_000, default: 240, decides: true,
                     doc: "First-response target for severity B (minutes)."),
            .integer("sla.severityCMinutes", \.policy.serviceLevels.severityC, 1...100_000, default: 480, decides: true,
                     doc: "First-response target for severity C (minutes)."),
            .integer("sla.nonBreakFixBusinessMinutes", \.policy.serviceLevels.nonBreakFixBusinessMinutes, 1...100_000, default: 480, decides: true,
                     doc: "Target for requests that are not break-fix, in business minutes (480: one business day)."),
            .calendar("sla.defaultCalendar", type: "string", allowed: "a `[calendars.<name>]` name", default: "built in: Monday–Friday 09:00–17:00 UTC",
                      doc: "The calendar (a `[calendars.<name>]`) of partners without one of their own.",
                      applyDefault: { $0.policy.calendars.defaultCalendar = CalendarSet.builtInDefault }),
            .calendar("sla.partnerCalendars", type: "table", allowed: "partner tenant id = calendar name", default: "none",
                      doc: "A table: partner tenant id → calendar name.",
                      applyDefault: { $0.policy.calendars.partnerCalendars = [:] }),
            .calendar("sla.languageCalendars", type: "table", allowed: "language tag = calendar name", default: "built in for ja, zh, zh-TW, ko, de, fr, it, es, pt, pt-PT, nl",
                      doc: "A table: support language tag → calendar name; these languages count their targets in business hours.",
                      applyDefault: { $0.policy.calendars.languageCalendars = CalendarSet.builtInLanguages }),

            .calendar("calendars.<name>.timeZone", type: "string", allowed: "an IANA time zone identifier", default: "required", doc: "An IANA time zone, e.g. \"Europe/Berlin\"."),
            .calendar("calendars.<name>.hours.mon", type: "string", allowed: dayHours, default: weekday, doc: "Monday's business hours, in the calendar's local time."),
            .calendar("calendars.<name>.hours.tue", type: "string", allowed: dayHours, default: weekday, doc: "Tuesday's business hours."),
            .calendar("calendars.<name>.hours.wed", type: "string", allowed: dayHours, default: weekday, doc: "Wednesday's business hours."),
            .calendar("calendars.<name>.hours.thu", type: "string", allowed: dayHours, default: weekday, doc: "Thursday's business hours."),
            .calendar("calendars.<name>.hours.fri", type: "string", allowed: dayHours, default: weekday, doc: "Friday's business hours."),
            .calendar("calendars.<name>.hours.sat", type: "string", allowed: dayHours, default: "`\"closed\"`", doc: "Saturday's business hours."),
            .calendar("calendars.<name>.hours.sun", type: "string", allowed: dayHours, default: "`\"closed\"`", doc: "Sunday's business hours."),
            .calendar("calendars.<name>.holidays", type: "array of dates", allowed: "dates `YYYY-MM-DD`, bare or quoted", default: "[]", doc: "Dates without business hours: [2026-12-25, \"2027-01-01\"]."),
        ]
    }

    private static let dayHours = "`\"HH:MM-HH:MM\"`, several with commas, or `\"closed\"`"
    /// A calendar without `hours` is open Monday to Friday, 09:00–17:00; one with `hours` is
    /// closed on every day it does not name.
    private static let weekday = "`\"09:00-17:00\"` without `hours`; `\"closed\"` when `hours` leaves it out"

    /// The keys a table of the file may hold: the leaves and sub-tables named under `section`
    /// ("" for the top level; "calendars.<name>" for any calendar).
    static func allowedKeys(under section: String, in keys: [SettingKey] = keys) -> [String] {
        var allowed: [String] = []
        let prefix = section.isEmpty ? "" : section + "."
        for key in keys where key.name.hasPrefix(prefix) {
            let rest = key.name.dropFirst(prefix.count)
            let child = String(rest.prefix { $0 != "." })
            if !allowed.contains(child) { allowed.append(child) }
        }
        return allowed
    }

    /// At least a day: unlike `spool.retentionDays`, 0 cannot mean "forever" here, and a
    /// ledger that forgot at once would let a repeat consume again and a colleague's copy
    /// be accepted. The message says so rather than only giving the range.
    static func ledgerRetentionTooSmall(_ number: Int64) -> String {
        """
        \(number) is too small: it must be at least 1 day (default \(GateConfiguration.defaultLedgerRetentionDays)). \
        The ledger is the gate's memory of accepted drafts: a draft it has forgotten is decided anew, \
        so a repeat could use another incident and a colleague's copy be accepted. \
        Keep it longer than any entitlement's window (at most 36500; there is no "keep forever")
        """
    }
}
