import Dispatch

/// Runs async work to its end from the synchronous `main` (swift-argument-parser's root runs
/// synchronously here, for the contract's exit codes). The main thread waits; the work runs
/// on the concurrency pool, which never needs the main thread.
enum Blocking {
    static func run(_ work: @escaping @Sendable () async -> Int32) -> Int32 {
        let done = DispatchSemaphore(value: 0)
        let box = CodeBox()
        Task {
            box.code = await work()
            done.signal()
        }
        done.wait()
        return box.code
    }

    /// Written once by the task before it signals, read by the waiter after: the semaphore
    /// orders the two, so no lock is needed.
    private final class CodeBox: @unchecked Sendable {
        var code: Int32 = 0
    }
}
