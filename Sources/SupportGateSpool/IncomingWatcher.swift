#if canImport(Glibc)
import Glibc
#endif
import SystemCalls

/// inotify on the incoming folder. Events are hints: the names of files created, moved
/// in or closed after writing go to the intake index (IncomingIndex), which takes turns
/// between owners; the periodic rescan reads the folder itself, so a lost event costs
/// latency, never a draft. At most `nameLimit` names are kept between two drains: a
/// flood beyond that is handled as an overflow (a full rescan), so it costs no memory.
/// Used by the main thread only.
public final class IncomingWatcher {
    public let descriptor: Int32
    private var sawEvents = false
    private var overflowed = false
    private var names: [FileName] = []
    public static let nameLimit = 65_536

    public struct Hints: Sendable {
        /// Something arrived in incoming/ since the last drain.
        public let arrived: Bool
        /// The kernel dropped events (IN_Q_OVERFLOW), or more names came than are kept:
        /// rescan everything.
        public let needsFullScan: Bool
        /// Files created, moved into incoming/ or closed after writing there, in event order
        /// (a name may come twice: created, then closed).
        public let names: [FileName]
    }

    public init(path: String) throws(SpoolError) {
        let descriptor: Int32
        do throws(SystemCallError) {
            descriptor = try SystemCall.inotifyInit(Int32(IN_NONBLOCK | IN_CLOEXEC))
        } catch {
            throw SpoolError("cannot create inotify instance", path: path, errno: error.errno)
        }
        let mask = UInt32(IN_MOVED_TO | IN_CLOSE_WRITE | IN_CREATE | IN_ONLYDIR | IN_DONT_FOLLOW)
        do throws(SystemCallError) {
            try SystemCall.inotifyAddWatch(descriptor, path, mask)
        } catch {
            try? SystemCall.close(descriptor)
            throw SpoolError("cannot watch", path: path, errno: error.errno)
        }
        self.descriptor = descriptor
    }

    deinit {
        try? SystemCall.close(descriptor)  // events only: a failing close loses nothing
    }

    /// Reads every pending event without blocking: until the queue is empty (EAGAIN) or a
    /// read fails, which the next periodic rescan covers.
    public func readEvents() {
        let capacity = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            guard let count = try? SystemCall.read(descriptor, into: UnsafeMutableRawBufferPointer(start: buffer, count: capacity)),
                  count > 0 else { return }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                let nameStart = offset + MemoryLayout<inotify_event>.size
                if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    overflowed = true
                } else {
                    sawEvents = true
                    if event.mask & UInt32(IN_MOVED_TO | IN_CLOSE_WRITE | IN_CREATE) != 0, event.mask & UInt32(IN_ISDIR) == 0, event.len > 0 {
                        if names.count < Self.nameLimit {
                            let raw = UnsafeRawBufferPointer(start: buffer + nameStart, count: Int(event.len))
                            names.append(FileName(bytes: Array(raw.prefix { $0 != 0 })))
                        } else {
                            overflowed = true
                        }
                    }
                }
                offset = nameStart + Int(event.len)
            }
        }
    }

    public func drain() -> Hints {
        defer {
            sawEvents = false
            overflowed = false
            names = []
        }
        return Hints(arrived: sawEvents, needsFullScan: overflowed, names: overflowed ? [] : names)
    }
}
