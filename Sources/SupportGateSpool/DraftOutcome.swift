import SupportGateCore

/// What became of one claimed draft in a batch.
public struct DraftOutcome: Sendable {
    public enum Disposition: Sendable {
        /// A new result was written; the original went to `original`.
        case decided(DecisionResult)
        /// The same bytes were decided before under this id; the earlier result stands.
        case repeated(draftId: String)
        /// Accepted before, as the ledger remembers: the same bytes from the same submitter,
        /// dropped again (its result pruned or not), decided before a crash, or at another
        /// gate sharing the ledger. That acceptance's result was written here (or stands).
        case adopted(AdoptedDecision)
        /// Still being written, or a fault: left in processing for a later batch.
        case deferred(reason: String)
        /// Gone before it could be read (another gate took it).
        case vanished
        /// Claimed, not looked at: its batch ran out of time (`DraftIntake.batchTimeBudget`).
        /// Left in processing/ and taken up in the next batch, after fresh drafts.
        case postponed
    }

    /// The name it was dropped under in incoming.
    public let originalName: FileName
    public let claimName: FileName
    public internal(set) var disposition: Disposition
    public let submitterUID: UInt32?
    /// `accepted/ID.json`, relative to the spool root, when a result was written.
    public var resultPath: String?
    /// Where the original went: `archive/…` or `quarantine/…`.
    public var originalPath: String?

    public init(originalName: FileName, claimName: FileName, disposition: Disposition, submitterUID: UInt32?,
                resultPath: String? = nil, originalPath: String? = nil) {
        self.originalName = originalName
        self.claimName = claimName
        self.disposition = disposition
        self.submitterUID = submitterUID
        self.resultPath = resultPath
        self.originalPath = originalPath
    }
}

/// One batch: the outcomes, and the fault that stopped it, if any.
public struct BatchReport: Sendable {
    public var outcomes: [DraftOutcome] = []
    public var fault: CommitFault?
    /// Originals left in processing/ by `commit(_:monotonicMilliseconds:archiveLater:)`.
    public var pendingArchive = PendingArchive()

    public var decidedCount: Int {
        outcomes.count { if case .decided = $0.disposition { true } else { false } }
    }
}

/// An acceptance made before for the same draft (partner, id, bytes and submitter), taken
/// from the ledger and written here as it was written then.
public struct AdoptedDecision: Sendable {
    public let draftId: String
    public let decisionId: String
    public let accepted: Bool
    /// The gate that decided: `host:spool-root/` (empty when the ledger does not say).
    public let decidedBy: String
    public let partnerTenantId: String

    public init(draftId: String, decisionId: String, accepted: Bool, decidedBy: String, partnerTenantId: String) {
        self.draftId = draftId
        self.decisionId = decisionId
        self.accepted = accepted
        self.decidedBy = decidedBy
        self.partnerTenantId = partnerTenantId
    }
}
