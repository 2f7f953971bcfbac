import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Set once by one thread, waited for by another (the watcher thread's end).
final class SignalledFlag: Sendable {
    private let isSet = Atomic<Bool>(false)

    func set() { isSet.store(true, ordering: .releasing) }

    func wait() {
        while !isSet.load(ordering: .acquiring) { usleep(5_000) }
    }
}
