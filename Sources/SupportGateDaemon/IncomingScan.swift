import SupportGateSpool

/// When the pipeline looks at incoming/, and how: the names inotify reported since the last
/// claim, or a read of the whole folder (at start, after an overflow or a fault, and every
/// `spool.rescanIntervalSeconds` as a safety net).
struct IncomingScan {
    /// incoming/ may hold drafts: claim from it in the next batch.
    private(set) var due = true
    /// When the next full read is due (monotonic milliseconds).
    private(set) var nextRescan: Int64 = 0
    var rescanIntervalMilliseconds: Int64
    /// Names inotify reported, for the next claim; and whether it must read incoming/ whole.
    private var arrivals: [FileName] = []
    private var rescanPending = true

    init(rescanIntervalSeconds: Int) {
        rescanIntervalMilliseconds = Int64(rescanIntervalSeconds) * 1000
    }

    /// What inotify said this turn.
    mutating func note(_ hints: IncomingWatcher.Hints, at now: Int64) {
        if hints.needsFullScan || hints.arrived || now >= nextRescan {
            due = true
        }
        if hints.needsFullScan || now >= nextRescan || arrivals.count + hints.names.count > IncomingWatcher.nameLimit {
            rescanPending = true
            arrivals = []
        } else if !rescanPending {
            arrivals += hints.names
        }
    }

    /// The names inotify reported and whether to read incoming/ whole, handed to the next
    /// claim; a full read restarts the periodic rescan's clock.
    mutating func take(at now: Int64) -> (arrivals: [FileName], rescan: Bool) {
        defer {
            arrivals = []
            rescanPending = false
        }
        if rescanPending { nextRescan = now + rescanIntervalMilliseconds }
        return (rescanPending ? [] : arrivals, rescanPending)
    }

    /// incoming/ gave less than a batch: it is empty until inotify says otherwise, or the
    /// periodic rescan.
    mutating func scanned(at now: Int64) {
        due = false
        nextRescan = now + rescanIntervalMilliseconds
    }

    /// After a fault: what was claimed is unknown, so incoming/ is read whole again.
    mutating func readAllAgain() {
        due = true
        rescanPending = true
    }
}
