#if canImport(Glibc)
import Glibc
#endif

/// Line and column of a byte offset, computed only when an error is reported.
struct SourceLocation {
    let line: Int
    let column: Int

    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The location of `offset` in the bytes at `base`, whose first byte sits at `start` (a
    /// streamed parse keeps only part of its input). Counting begins at `contentStart`, after
    /// a byte order mark.
    init(offset: Int, base: UnsafeRawPointer, count: Int, contentStart: Int, start: LineCounter = LineCounter()) {
        var counter = start
        let from = min(contentStart, offset)
        counter.advance(over: UnsafeRawBufferPointer(start: base + from, count: max(0, offset - from)))
        let next: UInt8 = offset < count ? base.load(fromByteOffset: offset, as: UInt8.self) : 0
        (line, column) = counter.position(before: next)
    }
}

/// Counts lines and columns over bytes handed to it piece by piece, as `SourceLocation` counts
/// them: lines end at LF, CRLF or a lone CR, and columns count Unicode scalars (everything
/// before an error offset is valid UTF-8). A streamed parse advances one over each stretch
/// of input it lets go of.
struct LineCounter {
    private(set) var line = 1
    /// The column of the next byte, with a CR already counted in it while `afterCarriageReturn`.
    private(set) var column = 1
    /// The last byte was a CR: a line break, unless an LF follows (then the LF is the break).
    private(set) var afterCarriageReturn = false

    mutating func advance(over bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        if !afterCarriageReturn, memchr(base, Int32(ASCII.carriageReturn), bytes.count) == nil {
            advanceOverLineFeedsOnly(bytes)
            return
        }
        for byte in bytes { advance(byte) }
    }

    /// The line and column of the position after everything counted, `next` being the byte there.
    func position(before next: UInt8) -> (line: Int, column: Int) {
        afterCarriageReturn && next != ASCII.lineFeed ? (line + 1, 1) : (line, column)
    }

    private mutating func advance(_ byte: UInt8) {
        if afterCarriageReturn {
            afterCarriageReturn = false
            line += 1
            column = 1
            if byte == ASCII.lineFeed { return }
        }
        if byte == ASCII.lineFeed {
            line += 1
            column = 1
        } else {
            if byte == ASCII.carriageReturn { afterCarriageReturn = true }
            if byte & 0xC0 != 0x80 { column += 1 }
        }
    }

    /// No CR anywhere: count LFs with memchr, then the scalars after the last one.
    private mutating func advanceOverLineFeedsOnly(_ bytes: UnsafeRawBufferPointer) {
        let base = bytes.baseAddress!
        var lineStart = 0
        var searchFrom = 0
        while searchFrom < bytes.count, let found = memchr(base + searchFrom, Int32(ASCII.lineFeed), bytes.count - searchFrom) {
            line += 1
            column = 1
            lineStart = base.distance(to: UnsafeRawPointer(found)) + 1
            searchFrom = lineStart
        }
        for index in lineStart..<bytes.count where bytes[index] & 0xC0 != 0x80 {
            column += 1
        }
    }
}
