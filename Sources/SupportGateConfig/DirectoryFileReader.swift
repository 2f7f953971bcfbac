#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import SupportGateCore
import Synchronization
import SystemCalls

/// Reads the tenant directory for a streamed parse, in blocks, and hashes exactly the bytes it
/// hands over (the revision names what was decoded, even if the file changes while read).
/// Nothing holds the whole file: memory is a few blocks. `alongside`: read and hash on a
/// thread of its own, a few blocks ahead of the parse (at start, to be ready sooner); else in
/// the caller's thread, leaving the other core to a gate that goes on deciding (a reload).
public final class DirectoryFileReader {
    static let blockBytes = 1 << 20
    static let blocksAhead = 4

    private let path: String
    private let source: BlockSource
    private var current: (slot: Int, length: Int, taken: Int)?
    private var ended = false
    /// The source failed: every later read fails too (the reading thread is gone).
    private var failed = false
    /// Who else may read the file as opened (contract §7); nil when only root and the gate may.
    public let exposure: DirectoryExposure?

    /// Opens `path` and refuses it unread when it is not a regular file or is over `maxBytes`.
    /// `hashPrefix` goes into the hash before the file's bytes.
    public static func open(_ path: String, maxBytes: Int, limit: String, hashPrefix: [UInt8],
                            alongside: Bool) -> Result<DirectoryFileReader, ConfigurationProblem> {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            return .failure(ConfigurationProblem(file: path, message: "cannot open: \(String(cString: strerror(errno)))"))
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            return .failure(ConfigurationProblem(file: path, message: "is not a regular file"))
        }
        guard Int(status.st_size) <= maxBytes else {
            close(descriptor)
            return .failure(ConfigurationProblem(file: path, message: "is \(status.st_size) bytes, over the limit of \(maxBytes) (\(limit)); refused unread"))
        }
        let exposure = DirectoryConfidentiality.exposure(descriptor: descriptor, status: status, path: path)
        let blocks = BlockSource(descriptor: descriptor, path: path, maxBytes: maxBytes, limit: limit, hashPrefix: hashPrefix,
                                 slots: alongside ? blocksAhead : 1)
        if alongside { blocks.startThread() }
        return .success(DirectoryFileReader(path: path, source: blocks, exposure: exposure))
    }

    private init(path: String, source: BlockSource, exposure: DirectoryExposure?) {
        self.path = path
        self.source = source
        self.exposure = exposure
    }

    deinit { source.stop() }

    /// For `JSONParser.parse(reading:…)`: fills `buffer` from its start; 0 at the end, nil
    /// when reading failed (`problem` says why).
    public func read(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        guard !failed else { return nil }
        var filled = 0
        while filled < buffer.count && !ended {
            if current == nil {
                switch source.next() {
                case .block(let slot, let length): current = (slot, length, 0)
                case .end: ended = true
                case .failed:
                    failed = true
                    return nil
                }
                continue
            }
            let (slot, length, taken) = current!
            let count = min(length - taken, buffer.count - filled)
            (buffer.baseAddress! + filled).copyMemory(from: source.block(slot) + taken, byteCount: count)
            filled += count
            if taken + count == length {
                source.release(slot)
                current = nil
            } else {
                current = (slot, length, taken + count)
            }
        }
        return filled
    }

    /// Why `read` returned nil.
    public var problem: ConfigurationProblem? { source.problem }

    /// The hash of the prefix and every byte of the file, once `read` has returned its end;
    /// nil before then.
    public func digest() -> [UInt8]? {
        ended ? source.finish() : nil
    }
}
