import SupportGateCore

/// What became of one claimed draft in a batch.
public struct DraftOutcome: Sendable {
    public enum Disposition: Sendable {
        /// A new result was written; the original went to `original`.
        case decided(DecisionResult)
        /// The same bytes were decided before under this id; the earlier result stands.
        case repeated(draftId: String)
        /// Decided before, as a ledger shared with other gates records: by another gate, or by
        /// this one before a crash. That decision's result was written here.
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
    public var fault: SpoolError?
    /// Originals left in processing/ by `commit(_:monotonicMilliseconds:archiveLater:)`.
    public var pendingArchive = PendingArchive()

    public var decidedCount: Int {
        outcomes.count { if case .decided = $0.disposition { true } else { false } }
    }
}

/// A decision made before for the same draft (partner, id, bytes and submitter), taken from
/// the shared ledger and written here as the gate that made it wrote it.
public struct AdoptedDecision: Sendable {
    public let draftId: String
    public let decisionId: String
    public let accepted: Bool
    /// The gate that decided: `host:spool-root/`.
    public let decidedBy: String
    public let partnerTenantId: String
}
