import SupportGateCore
import SupportGateSpool

/// The daemon's configuration file (`supportgate.toml`), resolved: paths made
/// absolute, defaults filled in, calendars built. Every key, with its default, is in
/// `SettingsTable`.
public struct GateConfiguration: Sendable {
    public static let defaultPath = "/etc/supportgate/supportgate.toml"
    /// The configuration file itself: a few kilobytes in practice.
    public static let maxConfigurationBytes = 1 << 20

    // The table's defaults, by name, for messages and help texts.
    public static var defaultDirectoryPath: String { defaults().directoryPath }
    public static var defaultSpoolRoot: String { defaults().spool.root }
    public static var defaultRescanIntervalSeconds: Int { defaults().spool.rescanIntervalSeconds }
    public static var defaultRetentionDays: Int { defaults().spool.retentionDays }
    public static var defaultMaxDraftBytes: Int { defaults().limits.maxDraftBytes }
    public static var defaultMaxQueuedPerSubmitter: Int { defaults().limits.maxQueuedPerSubmitter }
    public static var defaultMaxQueuedBytesPerSubmitter: Int { defaults().limits.maxQueuedBytesPerSubmitter }
    /// About 2.5 million customer tenants in the generated shape.
    public static var defaultMaxDirectoryBytes: Int { defaults().maxDirectoryBytes }
    public static var defaultLedgerPath: String { defaults().ledger.path }
    /// Longer than any entitlement window (a year, plus a month of slack): within it, a
    /// repeat of an accepted draft gets its decision again and never consumes twice.
    public static var defaultLedgerRetentionDays: Int { defaults().ledger.retentionDays }

    /// The file it was read from; nil when every setting is a default.
    public var sourcePath: String?
    public var directoryPath: String
    /// `[spool]`, and the `[limits]` the intake enforces.
    public var spool: SpoolSettings
    /// `limits.maxDirectoryBytes`: a tenant directory larger than this is refused before it
    /// is read. Not a decision setting: not part of `configRevision`.
    public var maxDirectoryBytes: Int
    public var ledger: LedgerSettings
    public var metrics: MetricsSettings
    /// `[forward]`: the forwarder's (contract §8).
    public var forward: ForwardSettings
    public var policy: DecisionPolicy
    /// The effective decision settings written out canonically; part of `configRevision`.
    public var canonicalDecisionSettings: String

    /// Where accepted drafts are remembered and incidents counted (docs/directory.md, "Incidents").
    public struct LedgerSettings: Sendable, Hashable {
        /// The SQLite file; its folder must exist and be the gate's (StateDirectory=supportgate).
        public var path: String
        /// A PostgreSQL URL instead of the file, for several gates sharing one count.
        public var url: String?
        /// `supportgate ledger prune` forgets accepted drafts decided longer ago than this;
        /// the incident counts stay. Never 0: the ledger is the gate's only memory of them.
        public var retentionDays: Int

        /// For messages and for telling two configurations' ledgers apart.
        public var location: String { url ?? path }
    }

    /// Prometheus metrics in node_exporter's textfile collector (docs/operations.md). Not a
    /// decision setting: not part of `configRevision`.
    public struct MetricsSettings: Sendable, Hashable {
        /// The `.prom` file the gate rewrites (under a temporary name, then renamed); nil: off.
        public var textfile: String?
        public var intervalSeconds: Int
    }

    /// The `[limits]` table as one value (they are kept in `spool` and `maxDirectoryBytes`).
    /// `maxQueued…` are admission limits of the spool, not decision settings: they are not
    /// part of `configRevision`; `maxDraftBytes` is.
    public struct Limits: Sendable, Hashable {
        public var maxDraftBytes: Int
        public var maxQueuedPerSubmitter: Int
        public var maxQueuedBytesPerSubmitter: Int
        public var maxDirectoryBytes: Int

        public init(maxDraftBytes: Int, maxQueuedPerSubmitter: Int, maxQueuedBytesPerSubmitter: Int, maxDirectoryBytes: Int) {
            self.maxDraftBytes = maxDraftBytes
            self.maxQueuedPerSubmitter = maxQueuedPerSubmitter
            self.maxQueuedBytesPerSubmitter = maxQueuedBytesPerSubmitter
            self.maxDirectoryBytes = maxDirectoryBytes
        }
    }

    public var limits: Limits {
        get {
            Limits(maxDraftBytes: spool.maxDraftBytes, maxQueuedPerSubmitter: spool.maxQueuedPerSubmitter,
                   maxQueuedBytesPerSubmitter: Int(spool.maxQueuedBytesPerSubmitter), maxDirectoryBytes: maxDirectoryBytes)
        }
        set {
            spool.maxDraftBytes = newValue.maxDraftBytes
            spool.maxQueuedPerSubmitter = newValue.maxQueuedPerSubmitter
            spool.maxQueuedBytesPerSubmitter = Int64(newValue.maxQueuedBytesPerSubmitter)
            maxDirectoryBytes = newValue.maxDirectoryBytes
        }
    }

    /// Every setting at its table default, the directory at `directoryPath` when given.
    public static func defaults(directoryPath: String? = nil) -> GateConfiguration {
        var configuration = unset
        for key in SettingsTable.keys {
            key.applyDefault(&configuration)
        }
        if let directoryPath { configuration.directoryPath = directoryPath }
        configuration.canonicalDecisionSettings = CanonicalSettings.render(configuration)
        return configuration
    }

    /// Zeros and empties that the table's defaults replace: a key the table forgot to
    /// default shows up as an impossible value, not as a second default.
    private static var unset: GateConfiguration {
        var policy = DecisionPolicy(allowPaidAzureSupport: false)
        policy.serviceLevels.severityAPlus = 0
        policy.serviceLevels.severityA = 0
        policy.serviceLevels.severityB = 0
        policy.serviceLevels.severityC = 0
        policy.serviceLevels.nonBreakFixBusinessMinutes = 0
        return GateConfiguration(
            sourcePath: nil, directoryPath: "",
            spool: SpoolSettings(maxDraftBytes: 0, batchSize: 0, quietMilliseconds: 0, maxQueuedPerSubmitter: 0, maxQueuedBytesPerSubmitter: 0,
                                 root: "", rescanIntervalSeconds: 0, retentionDays: 0),
            maxDirectoryBytes: 0, ledger: LedgerSettings(path: "", url: nil, retentionDays: 0),
            metrics: MetricsSettings(textfile: nil, intervalSeconds: 0), forward: .unset, policy: policy, canonicalDecisionSettings: "")
    }
}
