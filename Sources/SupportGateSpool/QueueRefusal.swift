import SupportGateCore

/// A draft claimed while its owner had more waiting in incoming/ than the caps allow
/// (limits.maxQueuedPerSubmitter, limits.maxQueuedBytesPerSubmitter): refused unread,
/// and its original is not kept, so a flood costs the gate neither time nor space.
struct QueueRefusal: Sendable {
    let uid: UInt32
    /// What the owner had waiting, this draft included, when it was claimed.
    let waitingCount: Int
    let waitingBytes: Int64

    func finding(_ settings: SpoolSettings) -> Finding {
        Finding(.submitterQueueFull,
                "uid \(uid) had \(waitingCount) drafts (\(waitingBytes) bytes) waiting in incoming/, more than one submitter may: "
                    + "\(settings.maxQueuedPerSubmitter) drafts or \(settings.maxQueuedBytesPerSubmitter) bytes "
                    + "(limits.maxQueuedPerSubmitter, limits.maxQueuedBytesPerSubmitter); this draft was not read and is not kept",
                rule: .submitterQueue,
                remedy: "Drop it again once your earlier drafts are decided; a tool that files in bulk should keep fewer drafts waiting.")
    }
}
