#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import SupportGateCore
import Synchronization
import SystemCalls

/// The blocks behind a `DirectoryFileReader`: read from the file and hashed by one producer
/// (a thread of its own, or the caller when there is one slot), taken in order by the caller.
//
// @unchecked Sendable: the producer thread and the caller share `storage`, `hasher`, `total`,
// `atEnd` and `problem`, but never at once. A block is written only by the producer between
// taking a `free` token and posting `filled`, and read only by the caller between taking
// `filled` and posting `free`. `hasher`, `total`, `atEnd` and `problem` belong to the producer
// until it exits (`exited`), and to the caller after; `problem` is also read by the caller
// after it took a `.failed` (posted after it was set). The queue goes through a Mutex.
final class BlockSource: @unchecked Sendable {
    enum Next: Sendable { case block(slot: Int, length: Int), end, failed }

    private let descriptor: Int32
    private let path: String
    private let maxBytes: Int
    private let limit: String
    private let slots: Int
    private let storage: UnsafeMutableRawPointer
    private var hasher = SHA256()
    private var total = 0
    private var atEnd = false
    private(set) var problem: ConfigurationProblem?

    private let queue = Mutex<[Next]>([])
    private let stopping = Atomic<Bool>(false)
    private let free = DispatchSemaphore(value: 0)
    private let filled = DispatchSemaphore(value: 0)
    private let exited = DispatchSemaphore(value: 0)
    private var threaded = false
    private var joined = false

    init(descriptor: Int32, path: String, maxBytes: Int, limit: String, hashPrefix: [UInt8], slots: Int) {
        self.descriptor = descriptor
        self.path = path
        self.maxBytes = maxBytes
        self.limit = limit
        self.slots = slots
        self.storage = UnsafeMutableRawPointer.allocate(byteCount: slots * DirectoryFileReader.blockBytes, alignment: 64)
        // Started at 0 and signalled: libdispatch traps when a semaphore is freed below the
        // value it was created with.
        for _ in 0..<slots { free.signal() }
        hasher.update(hashPrefix)
    }

    deinit {
        stop()
        close(descriptor)
        storage.deallocate()
    }

    /// Reads ahead on a thread of its own (not libdispatch's pool, whose threads renice
    /// themselves, which the unit refuses).
    func startThread() {
        threaded = true
        Thread.detachNewThread { [self] in
            var slot = 0
            while true {
                free.wait()
                if stopping.load(ordering: .acquiring) { break }
                let next = produce(into: slot)
                queue.withLock { $0.append(next) }
                filled.signal()
                guard case .block = next else { break }
                slot = (slot + 1) % slots
            }
            exited.signal()
        }
    }

    func block(_ slot: Int) -> UnsafeRawPointer { UnsafeRawPointer(storage + slot * DirectoryFileReader.blockBytes) }

    /// The next block, in file order.
    func next() -> Next {
        guard threaded else { return produce(into: 0) }
        filled.wait()
        return queue.withLock { $0.removeFirst() }
    }

    /// The caller is done with a block it took.
    func release(_ slot: Int) {
        if threaded { free.signal() }
    }

    /// The hash of everything read, once the producer reached the end.
    func finish() -> [UInt8] {
        join()
        let finished = hasher
        hasher = SHA256()
        return finished.finalize()
    }

    /// Stops the producer early (a parse that failed) and waits for it.
    func stop() {
        stopping.store(true, ordering: .releasing)
        if threaded && !joined { free.signal() }
        join()
    }

    private func join() {
        guard threaded, !joined else { return }
        exited.wait()
        joined = true
    }

    /// Fills one block, until it is full or the file ends, and hashes it.
    private func produce(into slot: Int) -> Next {
        if atEnd { return .end }
        let base = storage + slot * DirectoryFileReader.blockBytes
        var length = 0
        while length < DirectoryFileReader.blockBytes {
            let count: Int
            do {
                count = try SystemCall.retrying("read") { read(descriptor, base + length, DirectoryFileReader.blockBytes - length) }
            } catch {
                problem = ConfigurationProblem(file: path, message: "cannot read: \(String(cString: strerror(error.errno)))")
                return .failed
            }
            if count == 0 {
                atEnd = true
                break
            }
            length += count
            total += count
            guard total <= maxBytes else {
                problem = ConfigurationProblem(file: path, message: "grew past the limit of \(maxBytes) bytes (\(limit)) while it was read; refused")
                return .failed
            }
        }
        guard length > 0 else { return .end }
        hasher.update(UnsafeRawBufferPointer(start: base, count: length))
        return .block(slot: slot, length: length)
    }
}
