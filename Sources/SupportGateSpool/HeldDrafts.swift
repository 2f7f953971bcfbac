/// Claimed drafts found still open for writing (by a descriptor, or by a shared writable
/// mapping with no descriptor left), by owner. They wait in processing/ as surely as a draft
/// waits in incoming/, so they count towards their owner's caps (limits.maxQueuedPerSubmitter,
/// limits.maxQueuedBytesPerSubmitter): without this a submitter could park any number of
/// drafts, a chunk below the cap at a time.
struct HeldDrafts {
    struct Tally: Equatable {
        var count = 0
        var bytes: Int64 = 0
    }

    private var byClaim: [FileName: (uid: UInt32, bytes: Int64)] = [:]
    private var byOwner: [UInt32: Tally] = [:]

    var count: Int { byClaim.count }

    func owner(_ uid: UInt32) -> Tally {
        byOwner[uid] ?? Tally()
    }

    /// Found still open for writing, `bytes` long at the probe.
    mutating func hold(_ claim: FileName, uid: UInt32, bytes: Int64) {
        release(claim)
        byClaim[claim] = (uid, bytes)
        byOwner[uid, default: Tally()].count += 1
        byOwner[uid, default: Tally()].bytes += bytes
    }

    /// Decided, refused, or gone.
    mutating func release(_ claim: FileName) {
        guard let held = byClaim.removeValue(forKey: claim) else { return }
        var tally = byOwner[held.uid] ?? Tally()
        tally.count -= 1
        tally.bytes -= held.bytes
        byOwner[held.uid] = tally.count > 0 ? tally : nil
    }
}
