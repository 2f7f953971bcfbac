/// How the spool is worked: limits and durability.
public struct SpoolSettings: Sendable, Hashable {
    public enum Durability: String, Sendable, CaseIterable {
        /// Each result is fsynced, renamed and its folder fsynced before its original moves.
        case perFile = "per-file"
        /// A batch of results is written, then one `syncfs`, then the renames and one fsync per folder.
        case groupCommit = "group-commit"
    }

    /// How results are kept from other submitters: POSIX ACLs (per dropper and partner), or,
    /// chosen explicitly where the file system has none, the spool group's read access.
    public enum ResultAccess: String, Sendable, CaseIterable {
        case acl
        case group
    }

    public var maxDraftBytes: Int
    public var batchSize: Int
    public var durability: Durability
    /// Without a lease probe (no CAP_LEASE and not the owner), a draft is taken as
    /// complete once it has not been modified for this long.
    public var quietMilliseconds: Int64
    /// Per file owner: drafts, and bytes, that may wait in incoming/ before more are refused
    /// (SUBMITTER_QUEUE_FULL).
    public var maxQueuedPerSubmitter: Int
    public var maxQueuedBytesPerSubmitter: Int64
    public var resultAccess: ResultAccess

    public init(maxDraftBytes: Int = 262_144, batchSize: Int = 256, durability: Durability = .groupCommit, quietMilliseconds: Int64 = 1_000,
                maxQueuedPerSubmitter: Int = 10_000, maxQueuedBytesPerSubmitter: Int64 = 1 << 30, resultAccess: ResultAccess = .acl) {
        self.resultAccess = resultAccess
        self.maxDraftBytes = maxDraftBytes
        self.batchSize = batchSize
        self.durability = durability
        self.quietMilliseconds = quietMilliseconds
        self.maxQueuedPerSubmitter = maxQueuedPerSubmitter
        self.maxQueuedBytesPerSubmitter = maxQueuedBytesPerSubmitter
    }
}
