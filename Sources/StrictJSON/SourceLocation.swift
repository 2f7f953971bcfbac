/// Line and column of a byte offset, computed only when an error is reported.
struct SourceLocation {
    let line: Int
    let column: Int

    /// Lines end at LF, CRLF or a lone CR. Columns count Unicode scalars, which is
    /// safe because everything before an error offset is valid UTF-8.
    init(offset: Int, base: UnsafeRawPointer, count: Int, contentStart: Int) {
        var line = 1
        var lineStart = min(contentStart, offset)
        var index = lineStart
        while index < offset {
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            if byte == ASCII.lineFeed {
                line += 1
                lineStart = index + 1
            } else if byte == ASCII.carriageReturn {
                let next = index + 1 < count ? base.load(fromByteOffset: index + 1, as: UInt8.self) : 0
                if next != ASCII.lineFeed {
                    line += 1
                    lineStart = index + 1
                }
            }
            index += 1
        }
        var column = 1
        for position in lineStart..<max(lineStart, offset) {
            let byte = base.load(fromByteOffset: position, as: UInt8.self)
            if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        self.line = line
        self.column = column
    }
}
