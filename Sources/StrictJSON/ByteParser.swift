/// The iterative parser behind `JSONParser`. It reads raw bytes, validates UTF-8
/// only inside strings (anywhere else a non-ASCII byte is simply unexpected) and
/// keeps open containers on an explicit stack.
struct ByteParser {
    /// Objects with more keys than this switch from linear duplicate checks to a hash set.
    static let linearDuplicateScanLimit = 16

    /// The input, or the part of it a streamed parse holds (`window`).
    var base: UnsafeRawPointer
    var count: Int
    let maxDepth: Int
    /// Offset after a UTF-8 byte order mark, if there is one.
    var contentStart = 0
    var position = 0
    var frames: [ContainerFrame] = []
    // Children of all open containers, in shared stacks so that each finished
    // container costs one exactly-sized allocation instead of repeated regrowth.
    var elementStack: [JSONValue] = []
    var memberStack: [JSONMember] = []
    /// Offsets (in the whole input) of the keys read so far in every open object.
    var keyOffsets: [Int] = []
    /// Reused buffer for strings that contain escapes.
    var scratch: [UInt8] = []
    /// Takes each element of the top-level object's arrays under these keys as it is parsed,
    /// instead of the tree keeping it.
    var elementSink: ElementSink?
    /// Set when the input is read piece by piece: offsets are then into the window, which
    /// starts at `window.start` in the whole input.
    var window: InputWindow?
    /// Where to parse again from once the window holds more (streamed input only).
    var checkpoint = Checkpoint()
    /// Elements of streamed arrays completed, counting across the arrays; restored with a
    /// checkpoint, while `handedOver` is not, so that no element is handed over twice.
    var streamedOrdinal = 0
    var handedOver = 0
    /// Locations of top-level keys whose bytes the window has let go of (for a duplicate key's
    /// "first seen at"), by offset in the whole input.
    var discardedKeyLocations: [Int: SourceLocation] = [:]

    init(base: UnsafeRawPointer, count: Int, maxDepth: Int) {
        self.base = base
        self.count = count
        self.maxDepth = maxDepth
    }

    static func parse(
        _ bytes: UnsafeRawBufferPointer, maxDepth: Int, requireObject: Bool,
        elementSink: ElementSink? = nil
    ) throws(JSONParseError) -> JSONValue {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            throw JSONParseError(
                kind: .emptyInput, offset: 0, line: 1, column: 1, pointer: .root,
                message: "the input is empty; expected a JSON value")
        }
        var parser = ByteParser(base: base, count: bytes.count, maxDepth: maxDepth)
        parser.elementSink = elementSink
        return try parser.parseDocument(requireObject: requireObject)
    }

    @inline(__always)
    func byte(_ offset: Int) -> UInt8 {
        base.load(fromByteOffset: offset, as: UInt8.self)
    }

    @inline(__always)
    func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < count && ASCII.isWhitespace(byte(position)) {
            position += 1
        }
    }

    mutating func parseDocument(requireObject: Bool) throws(JSONParseError) -> JSONValue {
        try rejectUTF16Or32()
        if count >= 3 && byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF {
            contentStart = 3
            position = 3
        }
        checkpoint = Checkpoint(position: position)
        var valueStart = 0
        var value = JSONValue.null
        while true {
            do throws(JSONParseError) {
                // Back at an element's checkpoint, the value is already under way.
                if checkpoint.frames == nil {
                    skipWhitespace()
                    guard position < count else {
                        throw failure(.emptyInput, at: contentStart,
                                      "the input contains only whitespace; expected a JSON value")
                    }
                    valueStart = windowStart + position
                }
                value = try parseValue()
                break
            } catch {
                guard isCausedByWindowEnd(error), try rewindForMore() else { throw error }
            }
        }
        // Located now: a streamed input may let go of the value's first bytes below.
        let notAnObject = requireObject && value.objectValue == nil
            ? failure(.notAnObject, at: valueStart - windowStart, "expected a JSON object at the top level, but found \(Self.article(value.typeName))")
            : nil
        try skipTrailingWhitespace()
        if position < count {
            throw trailingContent()
        }
        if let notAnObject { throw notAnObject }
        return value
    }

    /// Parses one complete value, looping over nested containers instead of recursing.
    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        document: while true {
            var completed = JSONValue.null
            // An element the sink read from its bytes itself is done: nothing to build.
            var skimmed = false
            if elementSink != nil, let key = streamedElementKey() {
                if window != nil { try markElementStart() }
                if let consumed = skimStreamedElement(key) {
                    position += consumed
                    skimmed = true
                }
            }
            if !skimmed {
                guard let value = try parseValueOrOpenContainer() else { continue document }
                completed = value
            }
            while let top = frames.indices.last {
                skipWhitespace()
                if frames[top].isObject {
                    let key = frames[top].pendingKey ?? ""
                    frames[top].pendingKey = nil
                    memberStack.append(JSONMember(key: key, value: completed))
                    guard position < count else { throw unexpectedEnd(expected: "',' or '}'") }
                    switch byte(position) {
                    case ASCII.comma:
                        position += 1
                        try readKey(afterComma: true)
                        continue document
                    case ASCII.closeBrace:
                        position += 1
                        let frame = frames.removeLast()
                        keyOffsets.removeLast(keyOffsets.count - frame.keyOffsetBase)
                        completed = .object(JSONObject(Array(memberStack[frame.childBase...])))
                        memberStack.removeLast(memberStack.count - frame.childBase)
                    default:
                        throw unexpectedCharacter(expected: "',' or '}'")
                    }
                } else {
                    if top == 1, let sink = elementSink, frames[0].isObject, let key = frames[0].pendingKey, sink.keys.contains(key) {
                        if !skimmed && streamedOrdinal >= handedOver { sink.take(key, frames[top].streamed, completed) }
                        handedOver = max(handedOver, streamedOrdinal + 1)
                        streamedOrdinal += 1
                        skimmed = false
                        frames[top].streamed += 1
                    } else {
                        elementStack.append(completed)
                    }
                    frames[top].hasPendingElement = false
                    guard position < count else { throw unexpectedEnd(expected: "',' or ']'") }
                    switch byte(position) {
                    case ASCII.comma:
                        position += 1
                        frames[top].hasPendingElement = true
                        continue document
                    case ASCII.closeBracket:
                        position += 1
                        let frame = frames.removeLast()
                        completed = .array(Array(elementStack[frame.childBase...]))
                        elementStack.removeLast(elementStack.count - frame.childBase)
                    default:
                        throw unexpectedCharacter(expected: "',' or ']'")
                    }
                }
            }
            return completed
        }
    }

    /// The key of the streamed array whose next element starts here, if it is one.
    private func streamedElementKey() -> String? {
        guard let sink = elementSink, frames.count == 2, !frames[1].isObject, frames[1].hasPendingElement,
              frames[0].isObject, let key = frames[0].pendingKey, sink.keys.contains(key) else { return nil }
        return key
    }

    /// At the start of an element of a streamed array: the sink's skimmer may read it from
    /// its bytes; the count of bytes it took, or nil to parse it here (also when it was handed
    /// over before the parse went back to its checkpoint).
    private mutating func skimStreamedElement(_ key: String) -> Int? {
        guard let skim = elementSink?.skim, streamedOrdinal >= handedOver else { return nil }
        skipWhitespace()
        guard position < count, let consumed = skim(key, frames[1].streamed, bytes(position..<count)), consumed > 0, consumed <= count - position
        else { return nil }
        return consumed
    }

    /// Returns a finished scalar or empty container, or nil after opening a
    /// non-empty container whose first child comes next.
    private mutating func parseValueOrOpenContainer() throws(JSONParseError) -> JSONValue? {
        skipWhitespace()
        guard position < count else { throw unexpectedEnd(expected: "a value") }
        switch byte(position) {
        case ASCII.quote:
            return .string(try parseString())
        case ASCII.openBrace:
            try checkDepth()
            position += 1
            skipWhitespace()
            if position < count && byte(position) == ASCII.closeBrace {
                position += 1
                return .object(JSONObject())
            }
            frames.append(ContainerFrame(isObject: true, childBase: memberStack.count, keyOffsetBase: keyOffsets.count))
            try readKey(afterComma: false)
            return nil
        case ASCII.openBracket:
            try checkDepth()
            position += 1
            skipWhitespace()
            // Whether the array is empty is in the next read: a streamed array's first element
            // would otherwise be taken to start here.
            if position == count, let window, !window.atEnd {
                throw unexpectedEnd(expected: "a value or ']'")
            }
            if position < count && byte(position) == ASCII.closeBracket {
                position += 1
                return .array([])
            }
            var frame = ContainerFrame(isObject: false, childBase: elementStack.count, keyOffsetBase: keyOffsets.count)
            frame.hasPendingElement = true
            frames.append(frame)
            return nil
        case ASCII.minus, ASCII.zero...ASCII.nine:
            return .number(try parseNumber())
        case ASCII.plus, ASCII.period:
            throw invalidNumber(at: position)
        case ASCII.lowerT:
            try expectLiteral("true")
            return .bool(true)
        case ASCII.lowerF:
            try expectLiteral("false")
            return .bool(false)
        case ASCII.lowerN:
            try expectLiteral("null")
            return .null
        default:
            throw unexpectedCharacter(expected: "a value")
        }
    }

    private func checkDepth() throws(JSONParseError) {
        if frames.count >= maxDepth {
            throw failure(.nestingTooDeep(limit: maxDepth), at: position,
                          "arrays and objects are nested more than \(maxDepth) levels deep")
        }
    }

    /// Reads `"key" :` inside the innermost object and checks the key is new.
    private mutating func readKey(afterComma: Bool) throws(JSONParseError) {
        skipWhitespace()
        let expected = afterComma ? "a string key in double quotes" : "a string key in double quotes or '}'"
        guard position < count else { throw unexpectedEnd(expected: expected) }
        guard byte(position) == ASCII.quote else { throw unexpectedCharacter(expected: expected) }
        let keyOffset = position
        let key = try parseString()
        try register(key: key, at: keyOffset)
        skipWhitespace()
        guard position < count else { throw unexpectedEnd(expected: "':'") }
        guard byte(position) == ASCII.colon else { throw unexpectedCharacter(expected: "':'") }
        position += 1
    }

    private mutating func register(key: String, at offset: Int) throws(JSONParseError) {
        let top = frames.count - 1
        frames[top].pendingKey = key
        let base = frames[top].keyOffsetBase
        let memberBase = frames[top].childBase
        let seen = keyOffsets.count - base
        if seen < Self.linearDuplicateScanLimit {
            for index in 0..<seen where ExactKey.equal(memberStack[memberBase + index].key, key) {
                throw duplicateKey(key, at: offset, firstSeenAt: keyOffsets[base + index])
            }
        } else {
            if frames[top].keyIndex == nil {
                var index: [ExactKey: Int] = [:]
                index.reserveCapacity(seen * 2)
                for (member, keyOffset) in zip(memberStack[memberBase...], keyOffsets[base...]) {
                    index[ExactKey(string: member.key)] = keyOffset
                }
                frames[top].keyIndex = index
            }
            let absolute = windowStart + offset
            if let firstSeen = frames[top].keyIndex?.updateValue(absolute, forKey: ExactKey(string: key)) {
                throw duplicateKey(key, at: offset, firstSeenAt: firstSeen)
            }
        }
        keyOffsets.append(windowStart + offset)
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let text = literal.utf8Start
        for index in 0..<literal.utf8CodeUnitCount {
            guard position < count else { throw unexpectedEnd(expected: "'\(literal)'") }
            guard byte(position) == text[index] else { throw unexpectedCharacter(expected: "'\(literal)'") }
            position += 1
        }
    }

    private mutating func rejectUTF16Or32() throws(JSONParseError) {
        guard count >= 2 else { return }
        let (b0, b1) = (byte(0), byte(1))
        let b2 = count > 2 ? byte(2) : 1
        let b3 = count > 3 ? byte(3) : 1
        let encoding: String
        switch (b0, b1, b2, b3) {
        case (0x00, 0x00, 0xFE, 0xFF), (0xFF, 0xFE, 0x00, 0x00):
            encoding = "UTF-32 (it starts with a UTF-32 byte order mark)"
        case (0xFE, 0xFF, _, _), (0xFF, 0xFE, _, _):
            encoding = "UTF-16 (it starts with a UTF-16 byte order mark)"
        case (0x00, 0x00, _, _), (_, 0x00, 0x00, 0x00):
            encoding = "UTF-32 (it contains NUL bytes between characters)"
        case (0x00, _, _, _), (_, 0x00, _, _):
            encoding = "UTF-16 (it contains NUL bytes between characters)"
        default:
            return
        }
        throw failure(.utf16Or32Encoding, at: 0,
                      "the input looks like \(encoding); save the file as UTF-8 and try again")
    }

    static func article(_ noun: String) -> String {
        noun.first.map { "aeiou".contains($0) } == true ? "an \(noun)" : "a \(noun)"
    }
}
