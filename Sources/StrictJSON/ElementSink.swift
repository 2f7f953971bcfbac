/// What `JSONParser.parse(_:streaming:…)` does with the elements of the top-level object's
/// arrays under `keys`.
struct ElementSink {
    let keys: Set<String>
    /// Each element parsed: (key, index, value).
    let take: (String, Int, JSONValue) -> Void
    /// Tried first on each element's bytes (from its first byte to the end of the bytes held:
    /// the input's end, or for a streamed read its window's, where a value may go on): the
    /// count of bytes of the element, which it read and handled itself, or nil to have it
    /// parsed and given to `take`. It may take only bytes that are exactly one JSON value the
    /// parser would accept, so that the document's checks stay the parser's.
    let skim: ((String, Int, UnsafeRawBufferPointer) -> Int?)?
}
