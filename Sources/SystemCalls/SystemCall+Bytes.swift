#if canImport(Glibc)
import Glibc
#endif

/// Reading and writing bytes: the only read and write loops of the gate.
extension SystemCall {
    /// One read into `buffer`: the count, 0 at the end of the file. EAGAIN on a descriptor
    /// without blocking (an empty inotify or signalfd queue) is thrown like any failure.
    public static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> Int {
        try retrying("read", standardStream: isStandardStream(descriptor)) { Glibc.read(descriptor, buffer.baseAddress, buffer.count) }
    }

    /// Reads from the current offset to the end of the file, but never more than `limit`
    /// bytes: `.limitReached` when the file goes on past them (one byte more is read to tell).
    /// `expectedSize` (an fstat's size) sizes the first buffer; a file that grows meanwhile is
    /// read on. A failure part-way throws: no caller mistakes a short read for the whole file.
    public static func readAll(_ descriptor: Int32, limit: Int, expectedSize: Int = 0) throws(SystemCallError) -> BoundedRead {
        let limit = max(0, limit)
        var bytes = [UInt8](repeating: 0, count: min(limit, max(0, expectedSize)) + 1)
        var filled = 0
        while true {
            if filled == bytes.count {
                if filled > limit {
                    bytes.removeSubrange(limit...)
                    return BoundedRead(bytes: bytes, end: .limitReached)
                }
                bytes.append(contentsOf: repeatElement(0, count: min(65_536, limit + 1 - filled)))
            }
            let start = filled
            // `withUnsafeMutableBytes` rethrows untyped: the error travels out in a Result.
            let count = try bytes.withUnsafeMutableBytes { buffer in
                Result { () throws(SystemCallError) in try read(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: buffer[start...])) }
            }.get()
            if count == 0 {
                bytes.removeSubrange(filled...)
                return BoundedRead(bytes: bytes, end: .endOfFile)
            }
            filled += count
        }
    }

    /// One write: the count written (a pipe or a stream socket may take fewer than all).
    @discardableResult
    public static func write(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemCallError) -> Int {
        try retrying("write", standardStream: isStandardStream(descriptor)) { Glibc.write(descriptor, bytes.baseAddress, bytes.count) }
    }

    /// Writes all of `bytes`, however many calls it takes.
    public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemCallError) {
        var offset = 0
        while offset < bytes.count {
            offset += try write(descriptor, UnsafeRawBufferPointer(rebasing: bytes[offset...]))
        }
    }

    public static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) throws(SystemCallError) {
        // `withUnsafeBytes` rethrows untyped: the error travels out in a Result.
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(SystemCallError) in try writeAll(descriptor, buffer) }
        }.get()
    }

    static func isStandardStream(_ descriptor: Int32) -> Bool {
        (STDIN_FILENO...STDERR_FILENO).contains(descriptor)
    }
}
