#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import SupportGateCore
import Synchronization
import SystemCalls

/// The blocks behind a `DirectoryFileReader`, in file order, each hashed as it is read. One
/// `BlockProducer` fills them: in the caller's thread (a reload), or on a thread of its own a
/// few blocks ahead (at start). The thread and the caller share nothing but a `BlockChannel`
/// of `Sendable` parts: each block sits in a `Mutex` of its own, which only one side holds
/// at a time (a block is the producer's from a `free` token to its `filled` signal, the
/// caller's from taking it to `release`), so the locks are never contended.
final class BlockSource {
    /// What the producer hands over next.
    enum Item: Sendable {
        /// A block: the first `length` bytes of `slot` are the file's next.
        case block(slot: Int, length: Int)
        /// The file's end, and the hash of the prefix and every byte of the file.
        case end(digest: [UInt8])
        case failed(ConfigurationProblem)
    }

    private let descriptor: Int32
    private let channel: BlockChannel
    /// Reading in the caller's thread; nil when the producer has a thread of its own.
    private var inline: BlockProducer?
    private var joined = false

    /// `slots` blocks ahead on a thread of its own (not libdispatch's pool, whose threads
    /// renice themselves, which the unit refuses); 1: in the caller's thread.
    init(descriptor: Int32, path: String, maxBytes: Int, limit: String, hashPrefix: [UInt8], slots: Int) {
        self.descriptor = descriptor
        let producer = BlockProducer(descriptor: descriptor, path: path, maxBytes: maxBytes, limit: limit, hashPrefix: hashPrefix)
        channel = BlockChannel(slots: slots)
        guard slots > 1 else {
            inline = producer
            return
        }
        let thread = Thread { [channel] in
            var producer = producer
            var slot = 0
            while true {
                channel.free.wait()
                if channel.stopping.load(ordering: .acquiring) { break }
                let item = channel.blocks[slot].bytes.withLock { producer.next(into: &$0, slot: slot) }
                channel.ready.withLock { $0.append(item) }
                channel.filled.signal()
                guard case .block = item else { break }
                slot = (slot + 1) % channel.blocks.count
            }
            channel.exited.signal()
        }
        thread.name = "directory read"
        thread.start()
    }

    deinit {
        stop()
        try? SystemCall.close(descriptor)  // read only: a failed close loses nothing
    }

    /// The next item, in file order.
    func next() -> Item {
        if inline != nil {
            return channel.blocks[0].bytes.withLock { inline!.next(into: &$0, slot: 0) }
        }
        channel.filled.wait()
        return channel.ready.withLock { $0.removeFirst() }
    }

    /// Copies `count` bytes from `offset` in a block the caller took and has not released.
    func copy(_ count: Int, from slot: Int, at offset: Int, to destination: UnsafeMutableRawPointer) {
        channel.blocks[slot].bytes.withLock { bytes in
            bytes.withUnsafeBytes { destination.copyMemory(from: $0.baseAddress! + offset, byteCount: count) }
        }
    }

    /// The caller is done with a block it took: the producer may fill it again.
    func release(_ slot: Int) {
        if inline == nil { channel.free.signal() }
    }

    /// Stops the producer early (a parse that failed) and waits for it.
    func stop() {
        guard inline == nil, !joined else { return }
        channel.stopping.store(true, ordering: .releasing)
        channel.free.signal()
        channel.exited.wait()
        joined = true
    }
}

/// What the producer's thread and the caller share: the blocks, the items handed over in
/// order, and the count of blocks the producer may fill ahead.
private final class BlockChannel: Sendable {
    /// One block's storage, behind a lock of its own.
    final class Block: Sendable {
        let bytes = Mutex([UInt8](repeating: 0, count: DirectoryFileReader.blockBytes))
    }

    /// Allocated here, on the caller's thread, once.
    let blocks: [Block]
    let ready = Mutex<[BlockSource.Item]>([])
    let free = DispatchSemaphore(value: 0)
    let filled = DispatchSemaphore(value: 0)
    let exited = DispatchSemaphore(value: 0)
    let stopping = Atomic<Bool>(false)

    init(slots: Int) {
        blocks = (0..<slots).map { _ in Block() }
        // Started at 0 and signalled: libdispatch traps when a semaphore is freed below the
        // value it was created with.
        for _ in 0..<slots { free.signal() }
    }
}

/// Reads the file in blocks and hashes each, until the end or the limit.
struct BlockProducer: Sendable {
    let descriptor: Int32
    let path: String
    let maxBytes: Int
    let limit: String
    private var hasher = SHA256()
    private var total = 0
    private var done = false

    init(descriptor: Int32, path: String, maxBytes: Int, limit: String, hashPrefix: [UInt8]) {
        self.descriptor = descriptor
        self.path = path
        self.maxBytes = maxBytes
        self.limit = limit
        hasher.update(hashPrefix)
    }

    /// Fills `block` (the storage of `slot`) until it is full or the file ends, and hashes it.
    mutating func next(into block: inout [UInt8], slot: Int) -> BlockSource.Item {
        guard !done else { return .failed(ConfigurationProblem(file: path, message: "was read past its end")) }
        var length = 0
        var problem: ConfigurationProblem?
        block.withUnsafeMutableBytes { buffer in
            while length < buffer.count {
                let count: Int
                do throws(SystemCallError) {
                    count = try SystemCall.read(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: buffer[length...]))
                } catch {
                    problem = ConfigurationProblem(file: path, message: "cannot read: \(String(cString: strerror(error.errno)))")
                    return
                }
                if count == 0 { break }
                length += count
                total += count
                guard total <= maxBytes else {
                    problem = ConfigurationProblem(file: path, message: "grew past the limit of \(maxBytes) bytes (\(limit)) while it was read; refused")
                    return
                }
            }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[..<length]))
        }
        if let problem {
            done = true
            return .failed(problem)
        }
        guard length > 0 else {
            done = true
            let finished = hasher
            hasher = SHA256()
            return .end(digest: finished.finalize())
        }
        return .block(slot: slot, length: length)
    }
}
