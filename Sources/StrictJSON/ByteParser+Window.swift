/// Where a streamed parse goes back to, and parses again from, once its window holds more of
/// the input: the document's start, or the start of an element of a streamed array (the only
/// places the parser's state is this small).
struct Checkpoint {
    /// Offset in the whole input.
    var position = 0
    /// The top-level object and the streamed array, as they were; none at the document's start.
    var frames: (object: ContainerFrame, array: ContainerFrame)?
    var elementCount = 0
    var memberCount = 0
    var keyOffsetCount = 0
    var streamedOrdinal = 0
}

/// Reading the input piece by piece. A parse that runs into the end of its window, or into
/// any error before the input's end, goes back to its checkpoint and parses again with more
/// of the input: an error stands only once the whole rest of the input is in the window, so
/// every error, location and element handed over is the same as from the whole input.
extension ByteParser {
    static func parse(
        reading window: InputWindow, maxDepth: Int, requireObject: Bool, elementSink: ElementSink?
    ) throws(JSONParseError) -> JSONValue {
        guard window.fill(grow: false) else { throw unreadable() }
        guard window.filled > 0 else {
            throw JSONParseError(
                kind: .emptyInput, offset: 0, line: 1, column: 1, pointer: .root,
                message: "the input is empty; expected a JSON value")
        }
        var parser = ByteParser(base: window.storage, count: window.filled, maxDepth: maxDepth)
        parser.window = window
        parser.elementSink = elementSink
        return try parser.parseDocument(requireObject: requireObject)
    }

    var windowStart: Int { window?.start ?? 0 }

    /// At the start of an element of a streamed array: remember it, and read on when little is
    /// left after it.
    mutating func markElementStart() throws(JSONParseError) {
        guard let window else { return }
        checkpoint = Checkpoint(
            position: window.start + position, frames: (frames[0], frames[1]), elementCount: elementStack.count,
            memberCount: memberStack.count, keyOffsetCount: keyOffsets.count, streamedOrdinal: streamedOrdinal)
        if count - position < window.lowWater && !window.atEnd {
            try refill(grow: false)
        }
    }

    /// Whether an error may be the window's doing rather than the input's: the input goes on,
    /// and the error is where the window ends (a value cut short is refused within a few bytes
    /// of where it was cut: an escape, a UTF-8 sequence; numbers are checked whole first), or
    /// an input of only whitespace so far. Others stand at once, so a real error early in a
    /// large file does not read the rest of it.
    func isCausedByWindowEnd(_ error: JSONParseError) -> Bool {
        guard let window, !window.atEnd else { return false }
        switch error.kind {
        case .unreadable: return false
        case .unexpectedEndOfInput, .emptyInput: return true
        default: return error.offset - window.start >= count - Self.cutReach
        }
    }

    /// How far before the window's end an error caused by the cut can be reported.
    static let cutReach = 64

    /// After an error: back to the checkpoint with more of the input in the window. False when
    /// the window already holds the input's end, so the error stands.
    mutating func rewindForMore() throws(JSONParseError) -> Bool {
        guard let window, !window.atEnd else { return false }
        if let saved = checkpoint.frames {
            frames = [saved.object, saved.array]
        } else {
            frames = []
        }
        elementStack.removeLast(elementStack.count - checkpoint.elementCount)
        memberStack.removeLast(memberStack.count - checkpoint.memberCount)
        keyOffsets.removeLast(keyOffsets.count - checkpoint.keyOffsetCount)
        streamedOrdinal = checkpoint.streamedOrdinal
        position = checkpoint.position - window.start
        try refill(grow: true)
        return true
    }

    /// After the value: only whitespace may follow, up to the input's end.
    mutating func skipTrailingWhitespace() throws(JSONParseError) {
        skipWhitespace()
        while let window, position == count, !window.atEnd {
            checkpoint = Checkpoint(position: window.start + position)
            try refill(grow: false)
            skipWhitespace()
        }
    }

    /// Lets go of the input before the checkpoint, except the byte just before it (an error's
    /// hint looks back at the separator before an element), and reads on.
    private mutating func refill(grow: Bool) throws(JSONParseError) {
        guard let window else { return }
        let keep = max(0, checkpoint.position - window.start - 1)
        rememberKeyLocations(before: keep)
        window.discard(keep, countingFrom: contentStart)
        position -= keep
        contentStart = max(0, contentStart - keep)
        guard window.fill(grow: grow) else { throw unreadable() }
        base = UnsafeRawPointer(window.storage)
        count = window.filled
    }

    /// The locations of the top-level keys among the first `count` bytes, about to be let go
    /// of, in one pass (the offsets are in document order): a duplicate key names them.
    private mutating func rememberKeyLocations(before count: Int) {
        guard let window else { return }
        var counter = window.lines
        var counted = min(contentStart, count)
        for offset in keyOffsets where offset >= window.start && offset - window.start < count {
            let relative = offset - window.start
            counter.advance(over: bytes(counted..<relative))
            counted = relative
            let (line, column) = counter.position(before: byte(relative))
            discardedKeyLocations[offset] = SourceLocation(line: line, column: column)
        }
    }

    private static func unreadable() -> JSONParseError {
        JSONParseError(kind: .unreadable, offset: 0, line: 1, column: 1, pointer: .root,
                       message: "the input could not be read to its end")
    }

    private func unreadable() -> JSONParseError {
        let location = location(of: position)
        return JSONParseError(kind: .unreadable, offset: windowStart + position, line: location.line, column: location.column,
                              pointer: currentPointer(), message: "the input could not be read to its end")
    }
}
