import Dispatch
import Foundation
import Synchronization

/// Runs a blocking file operation (a record's write: fsync, rename, the folder's fsync) on
/// threads of its own, not the concurrency pool's: the pool has one thread per core, and
/// sixteen filings each waiting for an fsync there run one or two at a time. Here the syncs
/// of concurrent filings overlap, and the file system commits them together (on the test
/// machine, 16 threads sync 27 times as many files a second as one). Dispatch's own pool
/// adds threads for blocked work too slowly to help.
enum BlockingIO {
    static let threads = 32
    private static let pool = WorkerPool(threads: threads)

    static func run<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            pool.submit { continuation.resume(returning: work()) }
        }
    }

    /// A fixed set of threads taking jobs from one queue, started on first use.
    private final class WorkerPool: Sendable {
        private let jobs = Mutex<[@Sendable () -> Void]>([])
        private let ready = DispatchSemaphore(value: 0)

        init(threads: Int) {
            for index in 0..<threads {
                let thread = Thread { [self] in
                    while true {
                        ready.wait()
                        let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                        job?()
                    }
                }
                thread.name = "supportgate.forward.io-\(index)"
                thread.start()
            }
        }

        func submit(_ job: @escaping @Sendable () -> Void) {
            jobs.withLock { $0.append(job) }
            ready.signal()
        }
    }
}
