#if canImport(Glibc)
import Glibc
#endif

/// inotify on the incoming folder. Events are only hints to look: the gate
/// always re-reads the folder itself, so a lost event costs latency, never a draft.
public final class IncomingWatcher: @unchecked Sendable {
    public let descriptor: Int32
    /// Names hinted since the last `drain`, de-duplicated, bounded.
    private var hinted: Set<FileName> = []
    private var overflowed = false
    private let maxHints: Int

    public struct Hints: Sendable {
        public let names: [FileName]
        /// The kernel dropped events (IN_Q_OVERFLOW) or too many piled up: rescan everything.
        public let needsFullScan: Bool
    }

    public init(path: String, maxHints: Int = 65_536) throws(SpoolError) {
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { throw SpoolError("cannot create inotify instance", path: path, errno: errno) }
        let mask = UInt32(IN_MOVED_TO | IN_CLOSE_WRITE | IN_CREATE | IN_ONLYDIR | IN_DONT_FOLLOW)
        guard inotify_add_watch(descriptor, path, mask) >= 0 else {
            let code = errno
            close(descriptor)
            throw SpoolError("cannot watch", path: path, errno: code)
        }
        self.descriptor = descriptor
        self.maxHints = maxHints
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
                let nameStart = buffer + offset + MemoryLayout<inotify_event>.size
                if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    overflowed = true
                } else if event.len > 0 {
                    let length = strnlen(nameStart.assumingMemoryBound(to: CChar.self), Int(event.len))
                    let name = FileName(bytes: Array(UnsafeRawBufferPointer(start: nameStart, count: length)))
                    if hinted.count < maxHints {
                        hinted.insert(name)
                    } else {
                        overflowed = true
                    }
                }
                offset += MemoryLayout<inotify_event>.size + Int(event.len)
            }
        }
    }

    public func drain() -> Hints {
        defer {
            hinted.removeAll(keepingCapacity: true)
            overflowed = false
        }
        return Hints(names: hinted.sorted(), needsFullScan: overflowed)
    }
}
