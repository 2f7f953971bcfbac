/// Which result names may exist in accepted/ and rejected/, so that a new draft id, the
/// common case, costs no directory searches: without it, every draft pays two failed
/// lookups in folders that hold every result ever written (a third of the time it
/// takes to decide one, measured with `Scripts/bench-daemon.sh`).
///
/// A Bloom filter of fixed size (4 MiB, whatever the number of results): it may answer
/// "maybe" for a name that is not there, and then the folders are asked; it never
/// answers "no" for a name that is there, because it is filled from the folders while
/// the gate holds the spool lock, and every result is added before it is written. Until
/// it is filled, every answer is "maybe".
struct ResultNameFilter {
    private static let wordCount = 1 << 19
    private static let probes = 4
    private var words: [UInt64] = []

    var isLoaded: Bool { !words.isEmpty }

    /// Starts over from the results on the shelves of `folders` ("<shelf>/<name>"),
    /// streamed: memory does not grow with them. If any folder cannot be read to the end,
    /// the filter stays unloaded (every answer "maybe") and this returns false: a partial
    /// filter would say "no" for results that exist.
    mutating func load(fromShelvesOf folders: [DirectoryHandle]) -> Bool {
        words = [UInt64](repeating: 0, count: Self.wordCount)
        for folder in folders {
            guard let shelves = folder.subfolderNames() else {
                words = []
                return false
            }
            for shelf in shelves {
                let prefix = shelf.bytes + [UInt8(ascii: "/")]
                var path = prefix
                guard let handle = try? DirectoryHandle(in: folder, name: shelf),
                      handle.forEachEntryName({ name in
                          path.removeSubrange(prefix.count...)
                          path += name
                          path.withUnsafeBytes { insert($0) }
                      }) else {
                    words = []
                    return false
                }
            }
        }
        return true
    }

    mutating func insert(_ name: FileName) {
        name.bytes.withUnsafeBytes { insert($0) }
    }

    func mayContain(_ name: FileName) -> Bool {
        guard isLoaded else { return true }
        return name.bytes.withUnsafeBytes { bytes in
            var found = true
            Self.forEachBit(of: bytes) { word, mask in found = found && words[word] & mask != 0 }
            return found
        }
    }

    private mutating func insert(_ bytes: UnsafeRawBufferPointer) {
        guard isLoaded else { return }
        Self.forEachBit(of: bytes) { word, mask in words[word] |= mask }
    }

    /// Double hashing (Kirsch and Mitzenmacher): probe i is h1 + i·h2.
    private static func forEachBit(of bytes: UnsafeRawBufferPointer, _ body: (Int, UInt64) -> Void) {
        var hasher = Hasher()
        hasher.combine(bytes: bytes)
        let hash = UInt64(bitPattern: Int64(hasher.finalize()))
        let first = hash & 0xFFFF_FFFF
        let step = (hash >> 32) | 1
        let bitMask = UInt64(wordCount * 64 - 1)
        for probe in 0..<UInt64(probes) {
            let bit = (first &+ probe &* step) & bitMask
            body(Int(bit >> 6), 1 << (bit & 63))
        }
    }
}
