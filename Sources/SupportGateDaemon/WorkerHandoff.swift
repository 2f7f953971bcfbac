import SupportGateSpool
import Synchronization

/// A fault met on the worker thread after the batch it belongs to was handed back.
final class WorkerFault: Sendable {
    private let fault = Mutex<SpoolError?>(nil)

    func set(_ error: SpoolError) {
        fault.withLock { $0 = error }
    }

    func take() -> SpoolError? {
        fault.withLock { value in
            defer { value = nil }
            return value
        }
    }
}

/// What the worker's claim-and-prepare job hands back: written once by the job, read by
/// the main thread after waiting for it. A Mutex makes that hand-over safe by
/// construction, not by the order of the two threads.
final class PreparedBox: Sendable {
    struct Handoff: Sendable {
        var batch: PreparedBatch?
        var claimedFromIncoming = 0
        var incomingMayHoldMore = false
        var claimFault: SpoolError?
    }

    private let handoff = Mutex(Handoff())

    func set(_ value: Handoff) {
        handoff.withLock { $0 = value }
    }

    var value: Handoff {
        handoff.withLock { $0 }
    }
}
