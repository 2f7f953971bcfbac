/// How the spool is worked: where it is, how drafts are admitted, and how results are made
/// durable and kept from other submitters. The one type for it: the configuration file's
/// `[spool]` table, and the `[limits]` the intake enforces, are read into it
/// (SupportGateConfig's SettingsTable, which also holds every key's default and doc).
public struct SpoolSettings: Sendable, Hashable {
    public enum Durability: String, Sendable, CaseIterable {
        /// A batch of results is written, then one `syncfs`, then the renames and one fsync per folder.
        case groupCommit = "group-commit"
        /// Each result is fsynced, renamed and its folder fsynced before its original moves.
        case perFile = "per-file"
    }

    /// How results are kept from other submitters: POSIX ACLs (per dropper and partner), or,
    /// chosen explicitly where the file system has none, the spool group's read access.
    public enum ResultAccess: String, Sendable, CaseIterable {
        case acl
        case group
    }

    /// Where drafts are dropped and results written.
    public var root: String
    /// The safety rescan of incoming/, in case a file event was missed.
    public var rescanIntervalSeconds: Int
    /// Drafts claimed and committed together.
    public var batchSize: Int
    public var durability: Durability
    public var resultAccess: ResultAccess
    /// Without a lease probe (no CAP_LEASE and not the owner), a draft is taken as
    /// complete once it has not been modified for this long.
    public var quietMilliseconds: Int64
    /// `supportgate spool prune` removes originals and results older than this; 0 keeps them forever.
    public var retentionDays: Int
    /// `limits.maxDraftBytes`: larger drafts are rejected (DRAFT_TOO_LARGE) before they are read.
    public var maxDraftBytes: Int
    /// Per file owner: drafts, and bytes, that may wait in incoming/ before more are refused
    /// (SUBMITTER_QUEUE_FULL).
    public var maxQueuedPerSubmitter: Int
    public var maxQueuedBytesPerSubmitter: Int64
    /// `spool.forwarderUser`: the forwarder's system user, which may list partners' accepted
    /// shelves and read accepted results (in `acl` mode); empty: none.
    public var forwarderUser = "supportgate-forward"
    /// Its uid, resolved when the configuration loads (GateLoader); nil: no such user here
    /// (or none named), so results get no entry for it.
    public var forwarderUID: UInt32?

    /// The defaults here are for tests and tools that work a spool without a configuration;
    /// the gate's come from the settings table, and a test keeps the two the same.
    public init(maxDraftBytes: Int = 262_144, batchSize: Int = 256, durability: Durability = .groupCommit, quietMilliseconds: Int64 = 1_000,
                maxQueuedPerSubmitter: Int = 10_000, maxQueuedBytesPerSubmitter: Int64 = 1 << 30, resultAccess: ResultAccess = .acl,
                root: String = "/var/spool/supportgate", rescanIntervalSeconds: Int = 60, retentionDays: Int = 90) {
        self.root = root
        self.rescanIntervalSeconds = rescanIntervalSeconds
        self.resultAccess = resultAccess
        self.maxDraftBytes = maxDraftBytes
        self.batchSize = batchSize
        self.durability = durability
        self.quietMilliseconds = quietMilliseconds
        self.retentionDays = retentionDays
        self.maxQueuedPerSubmitter = maxQueuedPerSubmitter
        self.maxQueuedBytesPerSubmitter = maxQueuedBytesPerSubmitter
    }
}
