/// Why a batch's results were not committed: the spool's own file system, or what settles the
/// batch's decisions before their results are written (the ledger, `BatchSettlement`). Kept
/// apart so that each is logged under its own subsystem: a database outage is no spool fault.
public enum CommitFault: Error, Sendable, CustomStringConvertible {
    case spool(SpoolError)
    /// The settlement's own error (SupportGateCommit throws the ledger's `LedgerError`).
    case settlement(any Error & Sendable)

    public var description: String {
        switch self {
        case .spool(let error): "\(error)"
        case .settlement(let error): "\(error)"
        }
    }
}
