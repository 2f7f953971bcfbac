import Synchronization

/// State that is not Sendable, handed between the two threads by a lock: the worker holds
/// it for a whole claim-and-prepare job, the main thread only while the worker is idle
/// (between turns, to start, reload or recover). The compiler checks that nothing reaches
/// the state but through `withLock`, so no thread can touch it while another does.
final class WorkerOwned<State>: Sendable {
    private let state: Mutex<State>

    init(_ state: sending State) {
        self.state = Mutex(state)
    }

    func withLock<Result: Sendable, Failure: Error>(_ body: (inout sending State) throws(Failure) -> sending Result) throws(Failure) -> Result {
        try state.withLock(body)
    }
}
