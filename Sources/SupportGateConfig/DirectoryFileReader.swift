#if canImport(Glibc)
import Glibc
#endif
import SupportGateCore
import SystemCalls

/// Reads the tenant directory for a streamed parse, in blocks, and hashes exactly the bytes it
/// hands over (the revision names what was decoded, even if the file changes while read).
/// Nothing holds the whole file: memory is a few blocks. `alongside`: read and hash on a
/// thread of its own, a few blocks ahead of the parse (at start, to be ready sooner); else in
/// the caller's thread, leaving the other core to a gate that goes on deciding (a reload).
public final class DirectoryFileReader {
    static let blockBytes = 1 << 20
    static let blocksAhead = 4

    private let source: BlockSource
    /// The block being handed over, and how much of it was.
    private var current: (slot: Int, length: Int, taken: Int)?
    /// The hash, once the file's end was read.
    private var digested: [UInt8]?
    /// Why reading failed: every later read fails too.
    public private(set) var problem: ConfigurationProblem?
    /// Who else may read the file as opened (contract §7); nil when only root and the gate may.
    public let exposure: DirectoryExposure?

    /// Opens `path` and refuses it unread when it is not a regular file or is over `maxBytes`.
    /// `hashPrefix` goes into the hash before the file's bytes.
    public static func open(_ path: String, maxBytes: Int, limit: String, hashPrefix: [UInt8],
                            alongside: Bool) -> Result<DirectoryFileReader, ConfigurationProblem> {
        let descriptor: Int32
        do {
            descriptor = try SystemCall.open(path, O_RDONLY | O_CLOEXEC)
        } catch {
            return .failure(ConfigurationProblem(file: path, message: "cannot open: \(String(cString: strerror(error.errno)))"))
        }
        let status: stat
        do {
            status = try SystemCall.fstat(descriptor)
        } catch {
            try? SystemCall.close(descriptor)  // read only: a failed close loses nothing
            return .failure(ConfigurationProblem(file: path, message: "cannot be examined: \(String(cString: strerror(error.errno)))"))
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            try? SystemCall.close(descriptor)  // read only: a failed close loses nothing
            return .failure(ConfigurationProblem(file: path, message: "is not a regular file"))
        }
        guard Int(status.st_size) <= maxBytes else {
            try? SystemCall.close(descriptor)  // read only: a failed close loses nothing
            return .failure(ConfigurationProblem(file: path, message: "is \(status.st_size) bytes, over the limit of \(maxBytes) (\(limit)); refused unread"))
        }
        let exposure = DirectoryConfidentiality.exposure(descriptor: descriptor, status: status, path: path)
        let blocks = BlockSource(descriptor: descriptor, path: path, maxBytes: maxBytes, limit: limit, hashPrefix: hashPrefix,
                                 slots: alongside ? blocksAhead : 1)
        return .success(DirectoryFileReader(source: blocks, exposure: exposure))
    }

    private init(source: BlockSource, exposure: DirectoryExposure?) {
        self.source = source
        self.exposure = exposure
    }

    /// For `JSONParser.parse(reading:…)`: fills `buffer` from its start; 0 at the end, nil
    /// when reading failed (`problem` says why).
    public func read(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        guard problem == nil else { return nil }
        var filled = 0
        while filled < buffer.count && digested == nil {
            guard let (slot, length, taken) = current else {
                switch source.next() {
                case .block(let slot, let length): current = (slot, length, 0)
                case .end(let digest): digested = digest
                case .failed(let why):
                    problem = why
                    source.stop()
                    return nil
                }
                continue
            }
            let count = min(length - taken, buffer.count - filled)
            source.copy(count, from: slot, at: taken, to: buffer.baseAddress! + filled)
            filled += count
            if taken + count == length {
                current = nil
                source.release(slot)
            } else {
                current = (slot, length, taken + count)
            }
        }
        return filled
    }

    /// The hash of the prefix and every byte of the file, once `read` has returned its end;
    /// nil before then.
    public func digest() -> [UInt8]? {
        digested
    }
}
