#if canImport(Glibc)
import Glibc
#endif
import CLinuxShim
import SupportGateConfig
import SystemCalls
import Synchronization

/// Loads a new configuration and directory on a thread of its own, so that the gate goes on
/// claiming and deciding with the ones in force meanwhile: a distributor's directory takes
/// seconds to load, longer than the gate may go without feeding the watchdog. The outcome
/// comes back through an eventfd that the loop polls with inotify and the signals.
/// One load at a time; owned by the loop's thread.
package final class ConfigurationLoader {
    package typealias Outcome = Result<LoadedGate, ConfigurationError>
    package typealias Load = @Sendable (String) -> Outcome

    /// Readable (POLLIN) once a load has finished.
    let descriptor: Int32
    private let load: Load
    private let thread = SerialWorker(name: "supportgate.loader")
    private let outcome = OutcomeBox()
    private(set) var isLoading = false

    /// The loaded outcome, handed from the loader thread to the loop's.
    private final class OutcomeBox: Sendable {
        let value = Mutex<Outcome?>(nil)
    }

    /// The gate's own: from the files, read, hashed and decoded on this thread alone, so the
    /// load leaves the second core to the threads that go on deciding. A directory that others
    /// may read is refused, as at start (contract §7).
    package static let fromFiles: Load = { GateLoader.load(configPath: $0, readAhead: false, confidentialDirectory: true) }

    init(load: @escaping Load = fromFiles) throws(SystemCallError) {
        descriptor = try SystemCall.eventfd(Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        self.load = load
    }

    deinit {
        thread.finish()
        try? SystemCall.close(descriptor)  // a counter, nothing to lose
    }

    /// Starts loading `configPath`; the caller checks `isLoading` first.
    func start(configPath: String) {
        precondition(!isLoading, "one load at a time")
        isLoading = true
        let (load, outcome) = (self.load, self.outcome)
        // The job signals through a descriptor of its own: this loader (and its descriptor)
        // may be gone before a slow load ends, and the number reused for another file.
        let signal = try? SystemCall.dup(descriptor)
        thread.async {
            let loaded = load(configPath)
            outcome.value.withLock { $0 = loaded }
            if let signal {
                // Cannot fail short of a counter at its maximum: one write per load, read back each time.
                try? SystemCall.eventfdWrite(signal, 1)
                try? SystemCall.close(signal)
            }
        }
    }

    /// Lets the loader's thread release what the gate no longer decides with: a distributor's
    /// directory is millions of allocations, whose freeing would otherwise hold up the loop.
    func dispose(_ old: LoadedGate) {
        thread.async { withExtendedLifetime(old) {} }
    }

    /// The outcome of the load in progress once it has finished; nil while it runs, or when
    /// none runs. `waiting`: block until it finishes (tests; a stop).
    func finished(waiting: Bool = false) -> Outcome? {
        guard isLoading else { return nil }
        if waiting {
            var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            _ = try? SystemCall.poll(&ready, milliseconds: -1)
        }
        guard (try? SystemCall.eventfdRead(descriptor)) != nil else { return nil }
        isLoading = false
        return outcome.value.withLock { value in
            defer { value = nil }
            return value
        }
    }
}
