#if canImport(Glibc)
import Glibc
#endif
import SystemCalls

/// Test-only: makes "this gate holds an uncommitted ledger batch" visible from outside, so
/// that a test that kills or cuts off the gate "mid-batch" can prove where it landed. Set by
/// the daemon from `SUPPORTGATE_TEST_LEDGER_MARKER` (a folder) and
/// `SUPPORTGATE_TEST_LEDGER_HOLD_MS`; never in production, where the variables are unset.
///
/// Just before COMMIT, a transaction that records accepted drafts creates
/// `holding-<pid>-<n>` (holding their number) and waits the hold; after the commit the file
/// is removed, after a failed commit renamed `failed-<pid>-<n>`.
public struct LedgerCommitMarker: Sendable {
    public let folder: String
    public let holdMilliseconds: Int

    public init?(environment: (String) -> String?) {
        guard let folder = environment("SUPPORTGATE_TEST_LEDGER_MARKER"), !folder.isEmpty else { return nil }
        self.folder = folder
        holdMilliseconds = environment("SUPPORTGATE_TEST_LEDGER_HOLD_MS").flatMap { Int($0) } ?? 0
    }

    /// A transaction about to commit.
    public struct Holding {
        let path: String
        let failedPath: String

        // Test markers: one that cannot be moved leaves the test without its proof, never
        // the gate without its commit.
        public func committed() {
            try? SystemCall.unlink(path)
        }

        public func failed() {
            try? SystemCall.rename(path, failedPath)
        }
    }

    /// - Parameter sequence: this gate's count of marked transactions (its `LedgerCommit`'s,
    ///   which one thread owns), so names never repeat within a process.
    func holding(recording count: Int, sequence: Int) -> Holding {
        let name = "\(getpid())-\(sequence)"
        let holding = Holding(path: "\(folder)/holding-\(name)", failedPath: "\(folder)/failed-\(name)")
        // A marker that cannot be written leaves the test without its proof, never the gate without its commit.
        if let descriptor = try? SystemCall.open(holding.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode: 0o644) {
            try? SystemCall.writeAll(descriptor, Array("\(count)\n".utf8))
            try? SystemCall.close(descriptor)
        }
        if holdMilliseconds > 0 { usleep(UInt32(min(holdMilliseconds, 60_000)) * 1_000) }
        return holding
    }
}
