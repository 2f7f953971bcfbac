import SupportGateCore

/// The daemon's configuration file (`supportgate.toml`), resolved: paths made
/// absolute, defaults filled in, calendars built.
public struct GateConfiguration: Sendable {
    public static let defaultPath = "/etc/supportgate/supportgate.toml"
    public static let defaultDirectoryPath = "/etc/supportgate/directory.json"
    public static let defaultSpoolRoot = "/var/spool/supportgate"
    public static let defaultMaxDraftBytes = 262_144
    public static let defaultRescanIntervalSeconds = 60
    public static let defaultRetentionDays = 90
    public static let defaultMaxQueuedPerSubmitter = 10_000
    public static let defaultMaxQueuedBytesPerSubmitter = 1 << 30
    public static let defaultLedgerPath = "/var/lib/supportgate/ledger.sqlite"
    /// Longer than any entitlement window (a year, plus a month of slack): within it, a
    /// repeat of an accepted draft gets its decision again and never consumes twice.
    public static let defaultLedgerRetentionDays = 400
    /// About 2.5 million customer tenants in the generated shape (1 million is 358 MB).
    public static let defaultMaxDirectoryBytes = 1 << 30
    /// The configuration file itself: a few kilobytes in practice.
    public static let maxConfigurationBytes = 1 << 20

    /// The file it was read from; nil when every setting is a default.
    public var sourcePath: String?
    public var directoryPath: String
    public var spool: SpoolSettings
    public var limits: Limits
    public var ledger = LedgerSettings()
    public var metrics = MetricsSettings()
    public var policy: DecisionPolicy
    /// The effective decision settings written out canonically; part of `configRevision`.
    public var canonicalDecisionSettings: String

    public struct SpoolSettings: Sendable, Hashable {
        public var root: String
        public var rescanIntervalSeconds: Int
        /// Drafts claimed and committed together.
        public var batchSize: Int = 256
        /// "group-commit" (one syncfs per batch) or "per-file" (fsync per result).
        public var durability: String = "group-commit"
        /// "acl": results readable only by their dropper and its partner's groups (POSIX ACLs);
        /// "group": by every member of the spool's group, for a file system without ACLs.
        public var resultAccess: String = "acl"
        /// Where no lease can tell whether a writer still has a draft open: how long it must be left alone.
        public var quietMilliseconds: Int = 1_000
        /// `supportgate spool prune` removes originals and results older than this; 0 keeps them forever.
        public var retentionDays: Int = GateConfiguration.defaultRetentionDays
    }

    /// Where accepted drafts are remembered and incidents counted (docs/directory.md, "Incidents").
    public struct LedgerSettings: Sendable, Hashable {
        /// The SQLite file; its folder must exist and be the gate's (StateDirectory=supportgate).
        public var path: String = GateConfiguration.defaultLedgerPath
        /// A PostgreSQL URL instead of the file, for several gates sharing one count.
        public var url: String?
        /// `supportgate ledger prune` forgets accepted drafts decided longer ago than this;
        /// the incident counts stay. Never 0: the ledger is the gate's only memory of them.
        public var retentionDays: Int = GateConfiguration.defaultLedgerRetentionDays

        /// For messages and for telling two configurations' ledgers apart.
        public var location: String { url ?? path }
    }

    /// Prometheus metrics in node_exporter's textfile collector (docs/operations.md). Not a
    /// decision setting: not part of `configRevision`.
    public struct MetricsSettings: Sendable, Hashable {
        /// The `.prom` file the gate rewrites (under a temporary name, then renamed); nil: off.
        public var textfile: String?
        public var intervalSeconds: Int = 15
    }

    public struct Limits: Sendable, Hashable {
        public var maxDraftBytes: Int
        /// Per file owner, what may wait in incoming/ before more is refused unread
        /// (SUBMITTER_QUEUE_FULL). Admission limits of the spool, not decision settings:
        /// they are not part of `configRevision`.
        public var maxQueuedPerSubmitter: Int = GateConfiguration.defaultMaxQueuedPerSubmitter
        public var maxQueuedBytesPerSubmitter: Int = GateConfiguration.defaultMaxQueuedBytesPerSubmitter
        /// A tenant directory larger than this is refused before it is read. Not a decision
        /// setting: not part of `configRevision`.
        public var maxDirectoryBytes: Int = GateConfiguration.defaultMaxDirectoryBytes
    }

    /// Every setting at its default, the directory at `directoryPath`.
    public static func defaults(directoryPath: String = defaultDirectoryPath) -> GateConfiguration {
        var configuration = GateConfiguration(
            sourcePath: nil, directoryPath: directoryPath,
            spool: SpoolSettings(root: defaultSpoolRoot, rescanIntervalSeconds: defaultRescanIntervalSeconds),
            limits: Limits(maxDraftBytes: defaultMaxDraftBytes),
            policy: DecisionPolicy(), canonicalDecisionSettings: "")
        configuration.canonicalDecisionSettings = CanonicalSettings.render(limits: configuration.limits, policy: configuration.policy)
        return configuration
    }
}
