#if canImport(Glibc)
import Glibc
#endif
import SupportGateLedger
import SupportGateSpool
import SupportGateSystemd

/// A fault the gate backs off from, under its own subsystem: the spool's file system (an
/// errno and a path), or the incident ledger (a kind and the ledger's file or URL, never
/// its password). A database outage is a ledger fault, not a spool one.
enum GateFault: Sendable, CustomStringConvertible {
    case spool(SpoolError)
    case ledger(LedgerError)

    init(_ fault: CommitFault) {
        switch fault {
        case .spool(let error): self = .spool(error)
        case .settlement(let error as LedgerError): self = .ledger(error)
        // The gate's one settlement is the ledger's (LedgerCommit), which throws LedgerError.
        case .settlement(let error): self = .ledger(LedgerError("\(error)", path: "ledger", kind: .other))
        }
    }

    var description: String {
        switch self {
        case .spool(let error): "\(error)"
        case .ledger(let error): "\(error)"
        }
    }

    /// For STATUS=, which every local user reads: the kind alone, no path or name.
    var kind: String {
        switch self {
        case .spool(let error): error.kind
        case .ledger(let error): "ledger \(error.kind.rawValue)"
        }
    }

    /// The `kind` label of `supportgate_faults_total`: the errno's name, or "ledger".
    var metricsKind: String {
        switch self {
        case .spool(let error): error.errnoName
        case .ledger: "ledger"
        }
    }

    /// How to back off from it; nil for an errno that only a mistake in the gate's own code
    /// can cause (a descriptor it closed or never had, a pointer outside its memory): waiting
    /// would not fix that, and going on might write through a reused descriptor.
    var backoff: FaultBackoff.Schedule? {
        switch self {
        case .spool(let error):
            error.errno == EBADF || error.errno == EFAULT ? nil : .standard
        case .ledger(let error):
            switch error.kind {
            case .busy: .contention
            case .replaced: .operatorNeeded
            case .timedOut, .unavailable, .full, .other: .standard
            }
        }
    }

    /// The journal entry: MESSAGE_ID spool fault (…5f67) for both, as docs/operations.md
    /// lists; ERRNO and SPOOL_PATH for the spool, LEDGER and LEDGER_FAULT for the ledger.
    func journalEntry(retryingInMilliseconds delay: Int64) -> JournalEntry {
        var entry: JournalEntry
        switch self {
        case .spool(let error):
            entry = JournalEntry(.spoolFault, "spool fault, retrying in \(delay) ms: \(error)", priority: .error)
            entry.add("ERRNO", String(error.errno))
            entry.add("SPOOL_PATH", error.path)
        case .ledger(let error):
            entry = JournalEntry(.spoolFault, "ledger fault (\(error.kind.rawValue)), retrying in \(delay) ms: \(error)", priority: .error)
            entry.add("LEDGER", error.path)
            entry.add("LEDGER_FAULT", error.kind.rawValue)
        }
        return entry
    }
}
