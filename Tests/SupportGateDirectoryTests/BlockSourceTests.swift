import Foundation
@testable import SupportGateConfig
import SupportGateCore
import Testing

/// The directory's bytes reach the decoder exactly and in order, and the revision hashes
/// exactly them, whether a reading thread fills blocks ahead or the caller reads itself, for
/// files that end anywhere relative to a block.
@Suite("Directory blocks handed over in order")
final class BlockSourceTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg blocks \(UUID().uuidString)").path

    init() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }

    static let block = DirectoryFileReader.blockBytes

    @Test("every byte once, in order, and the hash of exactly them",
          arguments: [0, 1, block - 1, block, block + 1, 4 * block, 9 * block + 17], [true, false])
    func exactBytes(size: Int, alongside: Bool) throws {
        // Bytes that differ from block to block, so a block handed over twice or out of order shows.
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / Self.block) }
        let path = "\(folder)/directory-\(size)-\(alongside).json"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let prefix = Array("settings".utf8)
        let reader = try DirectoryFileReader.open(path, maxBytes: .max, limit: "test", hashPrefix: prefix, alongside: alongside).get()
        var read: [UInt8] = []
        // Reads of uneven sizes, as a parser's window asks for them.
        var buffer = [UInt8](repeating: 0, count: 3 * Self.block / 2 + 7)
        var request = 1
        while true {
            let wanted = min(buffer.count, request)
            let count = try #require(buffer.withUnsafeMutableBytes { reader.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[..<wanted])) })
            if count == 0 { break }
            read += buffer[..<count]
            request = request * 7 % buffer.count + 1
        }
        #expect(read.count == bytes.count)
        #expect(read == bytes)
        var hasher = SHA256()
        hasher.update(prefix)
        hasher.update(bytes)
        #expect(reader.digest() == hasher.finalize())
    }
}
