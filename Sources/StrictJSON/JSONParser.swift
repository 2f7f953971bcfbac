/// Strict RFC 8259 parser: UTF-8 only, no duplicate keys, bounded nesting.
public struct JSONParser {
    public static let defaultMaxDepth = 64

    /// Parses one JSON document. The top-level value's container is depth 1, so
    /// arrays nested exactly `maxDepth` deep are accepted and one more level is an error.
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth
    ) throws(JSONParseError) -> JSONValue {
        try ByteParser.parse(bytes, maxDepth: maxDepth, requireObject: false)
    }

    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        try withBytes(of: bytes, maxDepth: maxDepth, requireObject: false)
    }

    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        try withBytes(of: text, maxDepth: maxDepth, requireObject: false)
    }

    /// Parses a document whose top-level value must be an object, else `.notAnObject`.
    public static func parseObject(
        _ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth
    ) throws(JSONParseError) -> JSONObject {
        try ByteParser.parse(bytes, maxDepth: maxDepth, requireObject: true).objectValue ?? JSONObject()
    }

    public static func parseObject(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONObject {
        try withBytes(of: bytes, maxDepth: maxDepth, requireObject: true).objectValue ?? JSONObject()
    }

    public static func parseObject(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONObject {
        try withBytes(of: text, maxDepth: maxDepth, requireObject: true).objectValue ?? JSONObject()
    }

    /// Parses one document, handing each element of the top-level object's arrays under
    /// `keys` to `element` (key, index, value) as soon as it is parsed, in document order,
    /// instead of keeping it: those arrays come back empty. Memory then follows one element,
    /// not the whole document; the checks and the errors (with their pointers,
    /// `/customers/41/…`) are those of `parse`. After an error, the elements already handed
    /// over stay handed over.
    ///
    /// `skim`, when given, is offered each element's bytes first (key, index, bytes from the
    /// element's first byte to the end of the bytes held, see `ElementSink.skim`) and may read the element itself: it
    /// returns the count of bytes the element takes, or nil to leave it to the parser. It must
    /// take only bytes that form exactly one JSON value this parser accepts (a fast path for
    /// the common shape of an element, never a looser grammar).
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, streaming keys: Set<String>, maxDepth: Int = defaultMaxDepth,
        skim: ((String, Int, UnsafeRawBufferPointer) -> Int?)? = nil,
        element: (String, Int, JSONValue) -> Void
    ) throws(JSONParseError) -> JSONValue {
        let result = withoutActuallyEscaping(element) { take in
            Result { () throws(JSONParseError) -> JSONValue in
                try ByteParser.parse(bytes, maxDepth: maxDepth, requireObject: false, elementSink: ElementSink(keys: keys, take: take, skim: skim))
            }
        }
        return try result.get()
    }

    /// The window a streamed read starts with (`parse(reading:…)`).
    public static let defaultWindowBytes = 4 << 20

    /// `parse(_:streaming:…)` for an input read piece by piece: `read` fills the buffer it is
    /// given from its start and returns the count of bytes (0 at the end of the input), or nil
    /// when reading failed (then the parse throws `.unreadable`, and the caller knows why).
    /// Memory follows `window` bytes, or the largest element when one is larger; offsets,
    /// lines, columns and pointers are those of the whole input.
    public static func parse(
        reading read: (UnsafeMutableRawBufferPointer) -> Int?, window: Int = defaultWindowBytes,
        streaming keys: Set<String>, maxDepth: Int = defaultMaxDepth,
        skim: ((String, Int, UnsafeRawBufferPointer) -> Int?)? = nil,
        element: (String, Int, JSONValue) -> Void
    ) throws(JSONParseError) -> JSONValue {
        let result = withoutActuallyEscaping(read) { read in
            withoutActuallyEscaping(element) { take in
                Result { () throws(JSONParseError) -> JSONValue in
                    try ByteParser.parse(reading: InputWindow(capacity: window, read: read), maxDepth: maxDepth, requireObject: false,
                                         elementSink: ElementSink(keys: keys, take: take, skim: skim))
                }
            }
        }
        return try result.get()
    }

    // The `withUnsafeBytes`/`withUTF8` closures are `rethrows`, which would erase the
    // typed error, so the result travels out in a `Result`.
    private static func withBytes(
        of bytes: [UInt8], maxDepth: Int, requireObject: Bool
    ) throws(JSONParseError) -> JSONValue {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) -> JSONValue in
                try ByteParser.parse(raw, maxDepth: maxDepth, requireObject: requireObject)
            }
        }
        return try result.get()
    }

    private static func withBytes(
        of text: String, maxDepth: Int, requireObject: Bool
    ) throws(JSONParseError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { buffer in
            Result { () throws(JSONParseError) -> JSONValue in
                try ByteParser.parse(UnsafeRawBufferPointer(buffer), maxDepth: maxDepth, requireObject: requireObject)
            }
        }
        return try result.get()
    }
}
