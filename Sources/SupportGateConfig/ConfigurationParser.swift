import SupportGateCore
import TOMLDocument

/// `supportgate.toml` text in, `GateConfiguration` out, or every problem found
/// with its line and key. Pure: the loader does the reading.
public enum ConfigurationParser {
    static let topLevelKeys = ["directory", "spool", "limits", "ledger", "metrics", "azure", "sla", "calendars"]
    static let ledgerKeys = ["path", "url", "retentionDays"]
    static let metricsKeys = ["textfile", "intervalSeconds"]
    static let spoolKeys = ["root", "rescanIntervalSeconds", "batchSize", "durability", "quietMilliseconds", "retentionDays", "resultAccess"]
    static let durabilityModes = ["group-commit", "per-file"]
    static let resultAccessModes = ["acl", "group"]
    static let limitKeys = ["maxDraftBytes", "maxQueuedPerSubmitter", "maxQueuedBytesPerSubmitter", "maxDirectoryBytes"]
    static let azureKeys = ["allowPaidSupport"]

    /// - Parameters:
    ///   - baseDirectory: relative paths in the file are taken from here (the file's folder).
    ///   - directoryOverride: `--directory`; then the file need not name one.
    public static func parse(_ text: String, file: String, baseDirectory: String, directoryOverride: String? = nil) -> Result<GateConfiguration, ConfigurationError> {
        let document: TOMLTable
        do {
            document = try TOMLParser.parse(text)
        } catch {
            return .failure(ConfigurationError(ConfigurationProblem(file: file, position: error.position, message: error.message)))
        }
        var reader = TOMLSettingsReader(file: file)
        var configuration = GateConfiguration.defaults()
        configuration.sourcePath = file
        reader.checkKeys(document, prefix: "", allowed: topLevelKeys)

        if let (path, position) = reader.string(document, "directory", prefix: "") {
            if path.isEmpty {
                reader.fail(position, "directory", "is empty; give the path of the tenant directory (JSON)")
            }
            configuration.directoryPath = resolve(path, against: baseDirectory)
        } else if directoryOverride == nil {
            reader.fail(document.position, "directory", "is missing; give the path of the tenant directory, e.g. directory = \"\(GateConfiguration.defaultDirectoryPath)\"")
        }
        if let spool = reader.table(document, "spool", prefix: "") {
            reader.checkKeys(spool, prefix: "spool", allowed: spoolKeys)
            if let (root, position) = reader.string(spool, "root", prefix: "spool") {
                if root.isEmpty { reader.fail(position, "spool.root", "is empty") }
                configuration.spool.root = resolve(root, against: baseDirectory)
            }
            if let seconds = reader.integer(spool, "rescanIntervalSeconds", prefix: "spool", range: 1...86_400) {
                configuration.spool.rescanIntervalSeconds = seconds
            }
            if let size = reader.integer(spool, "batchSize", prefix: "spool", range: 1...4_096) {
                configuration.spool.batchSize = size
            }
            if let quiet = reader.integer(spool, "quietMilliseconds", prefix: "spool", range: 0...600_000) {
                configuration.spool.quietMilliseconds = quiet
            }
            if let days = reader.integer(spool, "retentionDays", prefix: "spool", range: 0...36_500) {
                configuration.spool.retentionDays = days
            }
            if let mode = reader.choice(spool, "durability", prefix: "spool", among: durabilityModes) {
                configuration.spool.durability = mode
            }
            if let mode = reader.choice(spool, "resultAccess", prefix: "spool", among: resultAccessModes) {
                configuration.spool.resultAccess = mode
            }
        }
        if let limits = reader.table(document, "limits", prefix: "") {
            reader.checkKeys(limits, prefix: "limits", allowed: limitKeys)
            if let bytes = reader.integer(limits, "maxDraftBytes", prefix: "limits", range: 64...16_777_216) {
                configuration.limits.maxDraftBytes = bytes
            }
            if let count = reader.integer(limits, "maxQueuedPerSubmitter", prefix: "limits", range: 1...10_000_000) {
                configuration.limits.maxQueuedPerSubmitter = count
            }
            if let bytes = reader.integer(limits, "maxQueuedBytesPerSubmitter", prefix: "limits", range: 1_048_576...1_099_511_627_776) {
                configuration.limits.maxQueuedBytesPerSubmitter = bytes
            }
            if let bytes = reader.integer(limits, "maxDirectoryBytes", prefix: "limits", range: 1_024...68_719_476_736) {
                configuration.limits.maxDirectoryBytes = bytes
            }
        }
        if let metrics = reader.table(document, "metrics", prefix: "") {
            reader.checkKeys(metrics, prefix: "metrics", allowed: metricsKeys)
            if let (path, position) = reader.string(metrics, "textfile", prefix: "metrics") {
                if !path.hasSuffix(".prom") || path.hasSuffix("/.prom") {
                    reader.fail(position, "metrics.textfile", "must name a file ending in .prom (node_exporter's textfile collector reads only those), e.g. \"/var/lib/prometheus/node-exporter/supportgate.prom\"")
                }
                configuration.metrics.textfile = resolve(path, against: baseDirectory)
            }
            if let seconds = reader.integer(metrics, "intervalSeconds", prefix: "metrics", range: 1...3_600) {
                configuration.metrics.intervalSeconds = seconds
            }
        }
        if let ledger = reader.table(document, "ledger", prefix: "") {
            reader.checkKeys(ledger, prefix: "ledger", allowed: ledgerKeys)
            if let (path, position) = reader.string(ledger, "path", prefix: "ledger") {
                if path.isEmpty { reader.fail(position, "ledger.path", "is empty; give the SQLite file that counts incidents, e.g. \"\(GateConfiguration.defaultLedgerPath)\"") }
                configuration.ledger.path = resolve(path, against: baseDirectory)
            }
            if let (url, position) = reader.string(ledger, "url", prefix: "ledger") {
                if !(url.hasPrefix("postgresql://") || url.hasPrefix("postgres://")) {
                    reader.fail(position, "ledger.url", "must be a PostgreSQL URL, e.g. \"postgresql:///supportgate?host=/run/postgresql\"")
                } else if ledger["path"] != nil {
                    reader.fail(position, "ledger.url", "and ledger.path are both given; the ledger is either the SQLite file or the PostgreSQL database")
                }
                configuration.ledger.url = url
            }
            if let days = ledgerRetentionDays(ledger, reader: &reader) {
                configuration.ledger.retentionDays = days
            }
        }
        if let azure = reader.table(document, "azure", prefix: "") {
            reader.checkKeys(azure, prefix: "azure", allowed: azureKeys)
            if let allow = reader.bool(azure, "allowPaidSupport", prefix: "azure") {
                configuration.policy.allowPaidAzureSupport = allow
            }
        }
        CalendarSettingsParser.parse(document, into: &configuration.policy, reader: &reader)
        if let directoryOverride {
            configuration.directoryPath = directoryOverride
        }

        guard reader.problems.isEmpty else {
            return .failure(ConfigurationError(problems: reader.problems))
        }
        configuration.canonicalDecisionSettings = CanonicalSettings.render(limits: configuration.limits, policy: configuration.policy)
        return .success(configuration)
    }

    /// At least a day: unlike `spool.retentionDays`, 0 cannot mean "forever" here, and a
    /// ledger that forgot at once would let a repeat consume again and a colleague's copy
    /// be accepted. The message says so rather than only giving the range.
    static func ledgerRetentionDays(_ ledger: TOMLTable, reader: inout TOMLSettingsReader) -> Int? {
        if let entry = ledger["retentionDays"], case .integer(let number) = entry.node.value, number < 1 {
            reader.fail(entry.node.position, "ledger.retentionDays", """
                \(number) is too small: it must be at least 1 day (default \(GateConfiguration.defaultLedgerRetentionDays)). \
                The ledger is the gate's memory of accepted drafts: a draft it has forgotten is decided anew, \
                so a repeat could use another incident and a colleague's copy be accepted. \
                Keep it longer than any entitlement's window (at most 36500; there is no "keep forever")
                """)
            return nil
        }
        return reader.integer(ledger, "retentionDays", prefix: "ledger", range: 1...36_500)
    }

    static func resolve(_ path: String, against base: String) -> String {
        if path.hasPrefix("/") || base.isEmpty { return path }
        return base.hasSuffix("/") ? base + path : base + "/" + path
    }
}
