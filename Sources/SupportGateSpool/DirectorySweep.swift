#if canImport(Glibc)
import Glibc
#endif

/// A readdir stream that stays open between calls, so that a folder of a million entries
/// can be read a part at a time, each part where the last one stopped, instead of from the
/// start each time. Entries created or removed meanwhile may or may not be seen (POSIX).
final class DirectorySweep {
    private let stream: OpaquePointer
    /// readdir failed part-way (not the end of the folder).
    private(set) var failed = false

    init?(_ directory: DirectoryHandle) {
        let duplicate = dup(directory.descriptor)
        guard duplicate >= 0 else { return nil }
        guard let stream = fdopendir(duplicate) else {
            close(duplicate)
            return nil
        }
        rewinddir(stream)
        self.stream = stream
    }

    deinit {
        closedir(stream)
    }

    /// The next entry's name, never "." or ".."; nil at the end of the folder or on an error.
    func next() -> FileName? {
        nextName { FileName(bytes: Array($0)) }
    }

    /// Calls `body` with the next entry's name (never "." or ".."), valid only inside it:
    /// no allocation per entry. Nil at the end of the folder or on an error.
    func nextName<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result? {
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                failed = errno != 0
                return nil
            }
            let result: Result? = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let name = UnsafeRawBufferPointer(rebasing: raw[..<strnlen(raw.baseAddress!.assumingMemoryBound(to: CChar.self), raw.count)])
                if name.elementsEqual([0x2E]) || name.elementsEqual([0x2E, 0x2E]) { return nil }
                return body(name)
            }
            if let result { return result }
        }
    }
}
