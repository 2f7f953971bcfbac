import Dispatch
import Foundation
import Synchronization

/// One thread of its own that runs jobs in the order they are queued: the daemon's
/// worker. Not libdispatch's queues: their pool threads renice themselves to imitate
/// quality-of-service classes, which the unit does not permit (no CAP_SYS_NICE), and
/// libdispatch logged "Failed to set thread priority" at every start.
final class SerialWorker: Sendable {
    /// The jobs, shared by the queuing thread and the worker; the thread holds it, not the worker.
    private final class Jobs: Sendable {
        let list = Mutex<[@Sendable () -> Bool]>([])
        let queued = DispatchSemaphore(value: 0)
    }

    private let jobs = Jobs()

    init(name: String) {
        let thread = Thread { [jobs] in
            var running = true
            while running {
                jobs.queued.wait()
                let job = jobs.list.withLock { $0.removeFirst() }
                running = job()
            }
        }
        thread.name = name
        thread.start()
    }

    /// Queues `job`; returns at once.
    func async(_ job: @escaping @Sendable () -> Void) {
        enqueue { job(); return true }
    }

    /// Queues `job` and returns what waits for it (and so for every job queued before it).
    func start(_ job: @escaping @Sendable () -> Void) -> DispatchSemaphore {
        let done = DispatchSemaphore(value: 0)
        enqueue {
            job()
            done.signal()
            return true
        }
        return done
    }

    /// Returns once every job queued so far has run.
    func drain() {
        start {}.wait()
    }

    /// Lets the thread end once the jobs queued so far have run.
    func finish() {
        enqueue { false }
    }

    private func enqueue(_ job: @escaping @Sendable () -> Bool) {
        jobs.list.withLock { $0.append(job) }
        jobs.queued.signal()
    }
}
