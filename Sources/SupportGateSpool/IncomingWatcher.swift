#if canImport(Glibc)
import Glibc
#endif

/// inotify on the incoming folder. Events are only hints to look: the gate
/// always re-reads the folder itself, so a lost event costs latency, never a draft.
/// The names in the events are not kept: which files arrived is read from the folder,
/// and a flood of events costs no memory.
public final class IncomingWatcher: @unchecked Sendable {
    public let descriptor: Int32
    private var sawEvents = false
    private var overflowed = false

    public struct Hints: Sendable {
        /// Something arrived in incoming/ since the last drain.
        public let arrived: Bool
        /// The kernel dropped events (IN_Q_OVERFLOW): rescan everything.
        public let needsFullScan: Bool
    }

    public init(path: String) throws(SpoolError) {
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { throw SpoolError("cannot create inotify instance", path: path, errno: errno) }
        let mask = UInt32(IN_MOVED_TO | IN_CLOSE_WRITE | IN_CREATE | IN_ONLYDIR | IN_DONT_FOLLOW)
        guard inotify_add_watch(descriptor, path, mask) >= 0 else {
            let code = errno
            close(descriptor)
            throw SpoolError("cannot watch", path: path, errno: code)
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Reads every pending event without blocking.
    public func readEvents() {
        let capacity = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer, capacity)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    overflowed = true
                } else {
                    sawEvents = true
                }
                offset += MemoryLayout<inotify_event>.size + Int(event.len)
            }
        }
    }

    public func drain() -> Hints {
        defer {
            sawEvents = false
            overflowed = false
        }
        return Hints(arrived: sawEvents, needsFullScan: overflowed)
    }
}
