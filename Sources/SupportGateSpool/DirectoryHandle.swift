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
        do throws(SystemCallError) {
            do throws(SystemCallError) {
                descriptor = try SystemCall.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                isReadable = true
            } catch where error.errno == EACCES {
                descriptor = try SystemCall.openDirectoryPath(path)
                isReadable = false
            }
        } catch {
            throw SpoolError("cannot open directory", path: path, errno: error.errno)
        }
        self.path = path
    }

    /// The folder `name` inside `parent`, not following a symlink; created first with `create`
    /// as its mode when given and missing.
    public init(in parent: DirectoryHandle, name: FileName, create: mode_t? = nil) throws(SpoolError) {
        if let mode = create {
            do throws(SystemCallError) {
                try SystemCall.mkdirat(parent.descriptor, name, mode: mode)
            } catch where error.errno != EEXIST {
                throw SpoolError("cannot create directory", path: "\(parent.path)/\(name)", errno: error.errno)
            } catch {}
        }
        do throws(SystemCallError) {
            descriptor = try SystemCall.openat(parent.descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        } catch {
            throw SpoolError("cannot open directory", path: "\(parent.path)/\(name)", errno: error.errno)
        }
        self.path = "\(parent.path)/\(name)"
        self.isReadable = true
    }

    deinit {
        // Nothing is written through a directory's descriptor: a failing close loses nothing.
        try? SystemCall.close(descriptor)
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
        do throws(SystemCallError) {
            try SystemCall.fsync(descriptor)
        } catch {
            throw SpoolError("cannot fsync directory", path: path, errno: error.errno)
        }
    }

    /// Flushes the whole file system holding this folder (a group commit); `root` names the
    /// spool in the error.
    public func syncFileSystem(root: String) throws(SpoolError) {
        do throws(SystemCallError) {
            try SystemCall.syncfs(descriptor)
        } catch {
            throw SpoolError("cannot sync the spool file system", path: root, errno: error.errno)
        }
    }

    public func entryStatus(_ name: FileName) -> stat? {
        try? SystemCall.fstatat(descriptor, name)
    }

    public func exists(_ name: FileName) -> Bool {
        entryStatus(name) != nil
    }

    /// Opens an entry without following a symlink and without blocking on a FIFO.
    public func openEntry(_ name: FileName, flags: Int32 = O_RDONLY, mode: mode_t = 0) throws(SystemCallError) -> Int32 {
        try SystemCall.openat(descriptor, name, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, mode: mode)
    }

    /// Atomic within one file system; fails with EEXIST rather than replace an existing name,
    /// unless `replacing`: then what is there is replaced in the same step, so a reader finds
    /// the old file or the new one, never neither.
    public func rename(_ name: FileName, to target: DirectoryHandle, as newName: FileName, replacing: Bool = false) throws(SpoolError) {
        do throws(SystemCallError) {
            if replacing {
                try SystemCall.renameat(descriptor, name, target.descriptor, newName)
            } else {
                try SystemCall.renameNoReplace(descriptor, name, target.descriptor, newName)
            }
        } catch {
            throw SpoolError("cannot move \(name) to \(target.path)/\(newName)", path: path, errno: error.errno)
        }
    }

    /// Creates `name` (it must not exist), writes all of `bytes`, and with `fsync` makes
    /// the data durable. On any failure the partial file is removed.
    /// With `acl`, it is set before anything is written, so the file is never readable by more.
    public func writeNewFile(_ name: FileName, _ bytes: [UInt8], fsync syncNow: Bool, mode: mode_t = 0o640, acl: AccessControlList? = nil) throws(SpoolError) {
        let descriptor: Int32
        do throws(SystemCallError) {
            descriptor = try openEntry(name, flags: O_WRONLY | O_CREAT | O_EXCL, mode: mode)
        } catch {
            throw SpoolError("cannot create \(name)", path: path, errno: error.errno)
        }
        var failure: SystemCallError?
        do throws(SystemCallError) {
            try acl?.apply(to: descriptor)
            try SystemCall.writeAll(descriptor, bytes)
            if syncNow { try SystemCall.fsync(descriptor) }
        } catch {
            failure = error
        }
        do throws(SystemCallError) {
            try SystemCall.close(descriptor)
        } catch {
            failure = failure ?? error
        }
        if let failure {
            try? remove(name)
            throw SpoolError("cannot write \(name)", path: path, errno: failure.errno)
        }
    }

    public func remove(_ name: FileName) throws(SpoolError) {
        do throws(SystemCallError) {
            try SystemCall.unlinkat(descriptor, name)
        } catch {
            throw SpoolError("cannot remove \(name)", path: path, errno: error.errno)
        }
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
