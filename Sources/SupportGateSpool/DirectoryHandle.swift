import CLinuxShim
#if canImport(Glibc)
import Glibc
#endif

/// An open directory, so that every file operation in it is relative to the
/// descriptor (`openat`, `renameat`): the spool cannot be swapped under the gate
/// by replacing a path component with a symlink.
public final class DirectoryHandle: @unchecked Sendable {
    public let path: String
    public let descriptor: Int32

    public init(path: String) throws(SpoolError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw SpoolError("cannot open directory", path: path, errno: errno) }
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Makes renames into or out of this directory durable.
    public func sync() throws(SpoolError) {
        guard fsync(descriptor) == 0 else { throw SpoolError("cannot fsync directory", path: path, errno: errno) }
    }

    public func entryStatus(_ name: String) -> stat? {
        var status = stat()
        return fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) == 0 ? status : nil
    }

    public func exists(_ name: String) -> Bool {
        entryStatus(name) != nil
    }

    /// Atomic within one file system; fails with EEXIST rather than replace an existing name.
    public func rename(_ name: String, to target: DirectoryHandle, as newName: String) throws(SpoolError) {
        let result = name.withCString { from in
            newName.withCString { to in
                sg_rename_noreplace(descriptor, from, target.descriptor, to)
            }
        }
        guard result == 0 else {
            throw SpoolError("cannot move \(name) to \(target.path)/\(newName)", path: path, errno: errno)
        }
    }

    public func remove(_ name: String) throws(SpoolError) {
        guard unlinkat(descriptor, name, 0) == 0 else { throw SpoolError("cannot remove \(name)", path: path, errno: errno) }
    }

    /// Names in the directory, streamed, at most `limit`, skipping "." and "..".
    public func names(limit: Int, where include: (String) -> Bool = { _ in true }) -> [String] {
        let duplicate = dup(descriptor)
        guard duplicate >= 0, let stream = fdopendir(duplicate) else { return [] }
        defer { closedir(stream) }
        rewinddir(stream)
        var names: [String] = []
        while names.count < limit, let entry = readdir(stream) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            if include(name) { names.append(name) }
        }
        return names
    }
}
