import CLinuxShim
#if canImport(Glibc)
import Glibc
#endif

/// A readdir stream over one folder, read an entry at a time so that a folder of a million
/// entries takes no memory to walk. Entries created or removed meanwhile may or may not be
/// seen (POSIX). Used by one thread at a time (a DIR stream is not thread-safe).
public final class DirectoryStream {
    private let stream: OpaquePointer

    /// On a duplicate of `descriptor`, from the folder's start: the caller's descriptor keeps
    /// its own offset and stays open after this stream closes.
    public init(duplicating descriptor: Int32) throws(SystemCallError) {
        let duplicate = try SystemCall.dup(descriptor)
        do throws(SystemCallError) {
            stream = try SystemCall.retryingPointer("fdopendir") { fdopendir(duplicate) }
        } catch {
            try? SystemCall.close(duplicate)
            throw error
        }
        rewinddir(stream)
    }

    public init(path: some SystemPathName) throws(SystemCallError) {
        stream = try SystemCall.retryingPointer("opendir") { path.withCString { opendir($0) } }
    }

    deinit {
        // Nothing is written through a directory stream: a failing close loses nothing.
        closedir(stream)
    }

    /// Calls `body` with the next entry's name (never "." or ".."), valid only inside it: no
    /// allocation per entry. Nil at the end of the folder; a failure part-way throws.
    public func nextName<Result>(_ body: (UnsafeRawBufferPointer) -> Result) throws(SystemCallError) -> Result? {
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                let code = errno
                guard code != 0 else { return nil }
                // After EINTR (which no Linux file system returns here) the entry is read
                // again, as every call of the layer is made again.
                try SystemCall.failed("readdir", errno: code)
                continue
            }
            let result: Result? = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let name = UnsafeRawBufferPointer(rebasing: raw[..<strnlen(raw.baseAddress!.assumingMemoryBound(to: CChar.self), raw.count)])
                if name.elementsEqual([0x2E]) || name.elementsEqual([0x2E, 0x2E]) { return nil }
                return body(name)
            }
            if let result { return result }
        }
    }

    /// The next entry's name as text (names not in UTF-8 decoded with replacement characters).
    public func nextName() throws(SystemCallError) -> String? {
        try nextName { String(decoding: $0, as: UTF8.self) }
    }
}
