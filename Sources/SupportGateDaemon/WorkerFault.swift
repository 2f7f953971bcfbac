import SupportGateSpool
import Synchronization

/// A fault met on the worker thread after the batch it belongs to was handed back.
final class WorkerFault: Sendable {
    private let fault = Mutex<SpoolError?>(nil)

    func set(_ error: SpoolError) {
        fault.withLock { $0 = error }
    }

    func take() -> SpoolError? {
        fault.withLock { value in
            defer { value = nil }
            return value
        }
    }
}
