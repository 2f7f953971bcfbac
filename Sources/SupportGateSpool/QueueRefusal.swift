import SupportGateCore

/// A draft refused unread because its owner has more waiting than the caps allow
/// (limits.maxQueuedPerSubmitter, limits.maxQueuedBytesPerSubmitter): drafts in incoming/,
/// and drafts in processing/ still open for writing (held). Claimed over the cap, or found
/// held while its owner already holds as many as the caps allow. Its original is not
/// kept, so a flood costs the gate neither time nor space.
struct QueueRefusal: Sendable {
    let uid: UInt32
    /// What the owner had waiting in incoming/, this draft included, when it was claimed.
    let waitingCount: Int
    let waitingBytes: Int64
    /// What the owner held open for writing in processing/ (this draft included when `stillOpen`).
    var heldCount = 0
    var heldBytes: Int64 = 0
    /// This draft itself was still open for writing: the held-draft overflow.
    var stillOpen = false

    func finding(_ settings: SpoolSettings) -> Finding {
        let limits = "more than one submitter may: \(settings.maxQueuedPerSubmitter) drafts or \(settings.maxQueuedBytesPerSubmitter) bytes "
            + "(limits.maxQueuedPerSubmitter, limits.maxQueuedBytesPerSubmitter); this draft was not read and is not kept"
        let message: String
        if stillOpen {
            message = "this draft was still open for writing (a descriptor or a shared writable mapping) while uid \(uid) held \(heldCount) drafts "
                + "(\(heldBytes) bytes) open for writing in processing/, " + limits
        } else if heldCount > 0 {
            message = "uid \(uid) had \(waitingCount) drafts (\(waitingBytes) bytes) waiting in incoming/ and \(heldCount) drafts (\(heldBytes) bytes) "
                + "still open for writing in processing/, " + limits
        } else {
            message = "uid \(uid) had \(waitingCount) drafts (\(waitingBytes) bytes) waiting in incoming/, " + limits
        }
        let remedy = stillOpen
            ? "Close every descriptor and unmap every mapping of a draft before you drop it; drop it again once it is complete."
            : "Drop it again once your earlier drafts are decided; a tool that files in bulk should keep fewer drafts waiting."
        return Finding(.submitterQueueFull, message, rule: .submitterQueue, remedy: remedy)
    }
}
