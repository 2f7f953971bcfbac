import CLinuxShim
#if canImport(Glibc)
import Glibc
#endif
import SystemCalls

/// An open directory, so that every file operation in it is relative to the
/// descriptor (`openat`, `renameat2`): the spool cannot be swapped under the gate
/// by replacing a path component with a symlink.
public final class DirectoryHandle: Sendable {
    public let path: String
    public let descriptor: Int32

    /// False for a drop folder a submitter may write to but not list (mode 1730):
    /// then the handle is O_PATH, good for openat and renameat but not for fsync.
    public let isReadable: Bool

    public init(path: String) throws(SpoolError) {
        var descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        var readable = true
        if descriptor < 0, errno == EACCES {
            descriptor = sg_open_directory_path(path)
            readable = false
        }
        guard descriptor >= 0 else { throw SpoolError("cannot open directory", path: path, errno: errno) }
        self.path = path
        self.descriptor = descriptor
        self.isReadable = readable
    }

    /// The folder `name` inside `parent`, not following a symlink; created first with `create`
    /// as its mode when given and missing.
    public init(in parent: DirectoryHandle, name: FileName, create: mode_t? = nil) throws(SpoolError) {
        if let mode = create {
            let made = name.withCString { mkdirat(parent.descriptor, $0, mode) }
            if made != 0, errno != EEXIST { throw SpoolError("cannot create directory", path: "\(parent.path)/\(name)", errno: errno) }
        }
        let descriptor = name.withCString { openat(parent.descriptor, $0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        guard descriptor >= 0 else { throw SpoolError("cannot open directory", path: "\(parent.path)/\(name)", errno: errno) }
        self.path = "\(parent.path)/\(name)"
        self.descriptor = descriptor
        self.isReadable = true
    }

    deinit {
        close(descriptor)
    }

    /// The folders in this one (no symlinks, no hidden names), streamed; nil when it
    /// could not be read to the end.
    public func subfolderNames() -> [FileName]? {
        var names: [FileName] = []
        let complete = forEachEntryName { raw in
            let name = FileName(bytes: Array(raw))
            guard !name.isHidden, let status = entryStatus(name), status.st_mode & S_IFMT == S_IFDIR else { return }
            names.append(name)
        }
        return complete ? names : nil
    }

    /// Makes renames into or out of this directory durable. A folder the caller may
    /// not read cannot be synced by it; the gate syncs it when it claims from it.
    public func sync() throws(SpoolError) {
        guard isReadable else { return }
        guard fsync(descriptor) == 0 else { throw SpoolError("cannot fsync directory", path: path, errno: errno) }
    }

    public func entryStatus(_ name: FileName) -> stat? {
        var status = stat()
        let result = name.withCString { fstatat(descriptor, $0, &status, AT_SYMLINK_NOFOLLOW) }
        return result == 0 ? status : nil
    }

    public func exists(_ name: FileName) -> Bool {
        entryStatus(name) != nil
    }

    /// Opens an entry without following a symlink and without blocking on a FIFO.
    public func openEntry(_ name: FileName, flags: Int32 = O_RDONLY, mode: mode_t = 0) -> Int32 {
        name.withCString { openat(descriptor, $0, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, mode) }
    }

    /// Atomic within one file system; fails with EEXIST rather than replace an existing name,
    /// unless `replacing`: then what is there is replaced in the same step, so a reader finds
    /// the old file or the new one, never neither.
    public func rename(_ name: FileName, to target: DirectoryHandle, as newName: FileName, replacing: Bool = false) throws(SpoolError) {
        let result = name.withCString { from in
            newName.withCString { to in
                replacing ? renameat(descriptor, from, target.descriptor, to) : sg_rename_noreplace(descriptor, from, target.descriptor, to)
            }
        }
        guard result == 0 else {
            throw SpoolError("cannot move \(name) to \(target.path)/\(newName)", path: path, errno: errno)
        }
    }

    /// Creates `name` (it must not exist), writes all of `bytes`, and with `fsync` makes
    /// the data durable. On any failure the partial file is removed.
    /// With `acl`, it is set before anything is written, so the file is never readable by more.
    public func writeNewFile(_ name: FileName, _ bytes: [UInt8], fsync syncNow: Bool, mode: mode_t = 0o640, acl: AccessControlList? = nil) throws(SpoolError) {
        let descriptor = openEntry(name, flags: O_WRONLY | O_CREAT | O_EXCL, mode: mode)
        guard descriptor >= 0 else { throw SpoolError("cannot create \(name)", path: path, errno: errno) }
        var failure: Int32 = acl.map { $0.apply(to: descriptor) } ?? 0
        if failure == 0 { bytes.withUnsafeBytes { buffer in
            do throws(SystemCallError) {
                try SystemCall.writeAll(descriptor, buffer)
            } catch {
                failure = error.errno
            }
        } }
        if failure == 0, syncNow, fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0, failure == 0 { failure = errno }
        if failure != 0 {
            try? remove(name)
            throw SpoolError("cannot write \(name)", path: path, errno: failure)
        }
    }

    public func remove(_ name: FileName) throws(SpoolError) {
        let result = name.withCString { unlinkat(descriptor, $0, 0) }
        guard result == 0 else { throw SpoolError("cannot remove \(name)", path: path, errno: errno) }
    }

    /// Calls `body` with each entry's name (not "." or ".."), streamed: for folders too
    /// large to list into memory. False when the folder could not be read to the end
    /// (no descriptor left, not readable, an I/O error part-way).
    func forEachEntryName(_ body: (UnsafeRawBufferPointer) -> Void) -> Bool {
        walk { name in
            body(name)
            return true
        }
    }

    /// readdir from the start on a duplicate descriptor, calling `body` with each entry's
    /// name (not "." or "..") until it returns false. False when the folder could not be
    /// read to the end.
    @discardableResult
    private func walk(_ body: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        guard let sweep = DirectorySweep(self) else { return false }
        while let goOn = sweep.nextName(body) {
            if !goOn { return true }
        }
        return !sweep.failed
    }

    /// Names in the directory, streamed from the start, at most `limit` of those `include`
    /// takes, without "." and "..". Names left out do not count towards the limit.
    public func names(limit: Int, where include: (FileName) -> Bool = { _ in true }) -> [FileName] {
        var names: [FileName] = []
        guard limit > 0 else { return names }
        walk { raw in
            let name = FileName(bytes: Array(raw))
            if include(name) { names.append(name) }
            return names.count < limit
        }
        return names
    }

}
