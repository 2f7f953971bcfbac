#if canImport(Glibc)
import Glibc
#endif

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

        public func committed() {
            unlink(path)
        }

        public func failed() {
            rename(path, failedPath)
        }
    }

    nonisolated(unsafe) private static var sequence = 0

    func holding(recording count: Int) -> Holding {
        Self.sequence += 1
        let name = "\(getpid())-\(Self.sequence)"
        let holding = Holding(path: "\(folder)/holding-\(name)", failedPath: "\(folder)/failed-\(name)")
        let descriptor = open(holding.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if descriptor >= 0 {
            let text = Array("\(count)\n".utf8)
            _ = text.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            close(descriptor)
        }
        if holdMilliseconds > 0 { usleep(UInt32(min(holdMilliseconds, 60_000)) * 1_000) }
        return holding
    }
}
