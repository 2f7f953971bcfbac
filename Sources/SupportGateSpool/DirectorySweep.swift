import SystemCalls

/// A readdir stream that stays open between calls, so that a folder of a million entries
/// can be read a part at a time, each part where the last one stopped, instead of from the
/// start each time. Entries created or removed meanwhile may or may not be seen (POSIX).
final class DirectorySweep {
    private let stream: DirectoryStream
    /// readdir failed part-way (not the end of the folder).
    private(set) var failed = false

    /// Nil when the folder cannot be listed: no descriptor left, or a folder opened without
    /// read permission (O_PATH), which has nothing to list.
    init?(_ directory: DirectoryHandle) {
        guard directory.isReadable, let stream = try? DirectoryStream(duplicating: directory.descriptor) else { return nil }
        self.stream = stream
    }

    /// The next entry's name, never "." or ".."; nil at the end of the folder or on an error.
    func next() -> FileName? {
        nextName { FileName(bytes: Array($0)) }
    }

    /// Calls `body` with the next entry's name (never "." or ".."), valid only inside it:
    /// no allocation per entry. Nil at the end of the folder or on an error.
    func nextName<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result? {
        do throws(SystemCallError) {
            return try stream.nextName(body)
        } catch {
            failed = true
            return nil
        }
    }
}
