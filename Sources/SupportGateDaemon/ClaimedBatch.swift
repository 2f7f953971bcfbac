import SupportGateSpool
import Synchronization

/// What one claim hands back (`IntakePipeline.claimAndPrepare`): the drafts it claimed from
/// incoming/ and decided, and whether that emptied incoming/.
struct ClaimedBatch: Sendable {
    var batch: PreparedBatch?
    var claimedFromIncoming = 0
    /// incoming/ gave less than asked and holds no more: look again when inotify says so.
    var emptiedIncoming = false
    var claimFault: SpoolError?
}

/// Where the worker's claim-and-prepare job leaves its `ClaimedBatch`: written once by the job,
/// read by the main thread after waiting for it. A Mutex makes that hand-over safe by
/// construction, not by the order of the two threads.
final class ClaimedBatchSlot: Sendable {
    private let slot = Mutex(ClaimedBatch())

    func set(_ value: ClaimedBatch) {
        slot.withLock { $0 = value }
    }

    var value: ClaimedBatch {
        slot.withLock { $0 }
    }
}
