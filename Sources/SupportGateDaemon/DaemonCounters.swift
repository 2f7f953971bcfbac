import SupportGateCore
import Synchronization

/// What the gate has done since it started, for STATUS= and the stop entry.
struct DaemonCounters {
    var accepted = 0
    var rejected = 0
    var repeats = 0
    /// Results written as another gate decided them (a shared ledger).
    var adopted = 0
    var overflows = 0
    var reloads = 0
    var refusedReloads = 0
    /// `GateFault.kind` of the fault in force: no names.
    var lastFault: String?

    var decided: Int { accepted + rejected }

    mutating func count(_ result: DecisionResult) {
        if result.decision.isAccepted { accepted += 1 } else { rejected += 1 }
    }

    var summary: String {
        "\(accepted) accepted, \(rejected) rejected, \(repeats) repeats" + (adopted > 0 ? ", \(adopted) decided by other gates" : "")
    }
}

/// Journal entries in a row that neither the journal nor stderr took (journald gone);
/// counted as entries are sent, read for STATUS=.
final class UnloggedEntries: Sendable {
    private let value = Mutex((inARow: 0, total: 0))

    func note(delivered: Bool) {
        value.withLock { $0 = delivered ? (0, $0.total) : ($0.inARow + 1, $0.total + 1) }
    }

    /// Not delivered since the last one that was.
    var count: Int {
        value.withLock { $0.inARow }
    }

    /// Not delivered since the gate started, for the metrics.
    var total: Int {
        value.withLock { $0.total }
    }
}
