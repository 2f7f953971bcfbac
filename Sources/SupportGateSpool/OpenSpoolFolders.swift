#if canImport(Glibc)
import Glibc
#endif
import SystemCalls

/// The spool's folders, opened once. Only descriptors and a path: any thread may use them
/// (each operation is one system call relative to a descriptor); who may use which folder
/// for what is the business of DraftIntake, ResultCommitter and OriginalArchiver.
public struct OpenSpoolFolders: Sendable {
    public let paths: SpoolPaths
    /// The spool's top folder: the gate's own files that are no draft (InFlightRecord).
    let root: DirectoryHandle
    let incoming: DirectoryHandle
    let processing: DirectoryHandle
    let accepted: DirectoryHandle
    let rejected: DirectoryHandle
    let quarantine: DirectoryHandle
    let archive: DirectoryHandle

    public init(paths: SpoolPaths) throws(SpoolError) {
        self.paths = paths
        root = try DirectoryHandle(path: paths.root)
        incoming = try DirectoryHandle(path: paths.path(.incoming))
        processing = try DirectoryHandle(path: paths.path(.processing))
        accepted = try DirectoryHandle(path: paths.path(.accepted))
        rejected = try DirectoryHandle(path: paths.path(.rejected))
        quarantine = try DirectoryHandle(path: paths.path(.quarantine))
        archive = try DirectoryHandle(path: paths.path(.archive))
    }

    /// One gate works a spool at a time: an exclusive lock on processing/, which the kernel
    /// drops when the holder dies, so a second gate started on the same spool is a standby
    /// that takes over. False while another gate holds it (or the lock cannot be taken).
    public func tryLockSpool() -> Bool {
        (try? SystemCall.tryLockExclusive(processing.descriptor)) ?? false
    }

    /// Drafts waiting in incoming/ and processing/, counted up to `cap` (counting a
    /// million-file backlog on every status update would cost more than it tells).
    public func backlogEstimate(cap: Int) -> (count: Int, capped: Bool) {
        let waiting = incoming.names(limit: cap) { !$0.isHidden }.count
        let claimed = processing.names(limit: max(0, cap - waiting)) { !$0.isHidden }.count
        return (waiting + claimed, waiting + claimed >= cap)
    }
}
