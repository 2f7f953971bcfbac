#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import SupportGateCore
import Synchronization
import SystemCalls

/// The blocks behind a `DirectoryFileReader`, in file order, each hashed as it is read. One
/// `BlockProducer` reads them: in the caller's thread (a reload), or on a thread of its own a
/// few blocks ahead (at start). The thread and the caller share nothing but a
/// `BlockChannel`: a block crosses it as a value, so neither touches what the other holds.
final class BlockSource {
    /// What the producer hands over next.
    enum Item: Sendable {
        /// A block: its first `length` bytes are the file's next.
        case block([UInt8], length: Int)
        /// The file's end, and the hash of the prefix and every byte of the file.
        case end(digest: [UInt8])
        case failed(ConfigurationProblem)
    }

    private let descriptor: Int32
    /// Reading in the caller's thread; nil while the producer is out on its own.
    private var inline: BlockProducer?
    private let channel: BlockChannel?
    private var joined = false
    /// The block the caller gave back, for the next read in its own thread.
    private var spare: [UInt8]?

    /// `slots` blocks ahead on a thread of its own (not libdispatch's pool, whose threads
    /// renice themselves, which the unit refuses); 1: in the caller's thread.
    init(descriptor: Int32, path: String, maxBytes: Int, limit: String, hashPrefix: [UInt8], slots: Int) {
        self.descriptor = descriptor
        let producer = BlockProducer(descriptor: descriptor, path: path, maxBytes: maxBytes, limit: limit, hashPrefix: hashPrefix)
        guard slots > 1 else {
            inline = producer
            channel = nil
            return
        }
        let channel = BlockChannel(slots: slots)
        self.channel = channel
        let thread = Thread { [channel] in
            var producer = producer
            while true {
                channel.free.wait()
                if channel.stopping.load(ordering: .acquiring) { break }
                let item = producer.next(reusing: channel.spare.withLock { $0.popLast() })
                channel.ready.withLock { $0.append(item) }
                channel.filled.signal()
                guard case .block = item else { break }
            }
            channel.exited.signal()
        }
        thread.name = "directory read"
        thread.start()
    }

    deinit {
        stop()
        // Read only: a failed close loses nothing.
        _ = close(descriptor)
    }

    /// The next item, in file order.
    func next() -> Item {
        guard let channel else {
            defer { spare = nil }
            return inline!.next(reusing: spare)
        }
        channel.filled.wait()
        return channel.ready.withLock { $0.removeFirst() }
    }

    /// The caller is done with a block it took; its storage serves a later one.
    func release(_ block: [UInt8]) {
        guard let channel else {
            spare = block
            return
        }
        channel.spare.withLock { $0.append(block) }
        channel.free.signal()
    }

    /// Stops the producer early (a parse that failed) and waits for it.
    func stop() {
        guard let channel, !joined else { return }
        channel.stopping.store(true, ordering: .releasing)
        channel.free.signal()
        channel.exited.wait()
        joined = true
    }
}

/// What the producer's thread and the caller share: blocks handed over in order, blocks
/// handed back for reuse, and the count of blocks the producer may fill ahead.
private final class BlockChannel: Sendable {
    let ready = Mutex<[BlockSource.Item]>([])
    let spare = Mutex<[[UInt8]]>([])
    let free = DispatchSemaphore(value: 0)
    let filled = DispatchSemaphore(value: 0)
    let exited = DispatchSemaphore(value: 0)
    let stopping = Atomic<Bool>(false)

    init(slots: Int) {
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

    /// Fills one block (`reusing` the storage of one handed back), until it is full or the
    /// file ends, and hashes it.
    mutating func next(reusing storage: [UInt8]?) -> BlockSource.Item {
        guard !done else { return .failed(ConfigurationProblem(file: path, message: "was read past its end")) }
        var block = storage ?? [UInt8](repeating: 0, count: DirectoryFileReader.blockBytes)
        var length = 0
        var problem: ConfigurationProblem?
        block.withUnsafeMutableBytes { buffer in
            while length < buffer.count {
                let count: Int
                do throws(SystemCallError) {
                    count = try SystemCall.retrying("read") { read(descriptor, buffer.baseAddress! + length, buffer.count - length) }
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
        return .block(block, length: length)
    }
}
