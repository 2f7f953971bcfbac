import CLinuxShim
#if canImport(Glibc)
import Glibc
#endif

/// A file name as raw bytes (no Unicode normalisation, as the daemon's FileName).
struct Name: Hashable, CustomStringConvertible {
    let bytes: [UInt8]

    init(_ text: String) { bytes = Array(text.utf8) }
    init(bytes: [UInt8]) { self.bytes = bytes }

    var description: String { String(decoding: bytes, as: UTF8.self) }

    func prefixed(_ prefix: String) -> Name { Name(bytes: Array(prefix.utf8) + bytes) }

    func withCString<T>(_ body: (UnsafePointer<CChar>) -> T) -> T {
        (bytes + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) }
        }
    }

    var isHidden: Bool { bytes.first == UInt8(ascii: ".") }

    /// The benchmark's naming: "<draftId>.json", draftId ending in -a, -r or -q.
    private var tag: UInt8? {
        let stem = bytes.count > 5 && bytes.suffix(5).elementsEqual(".json".utf8) ? bytes.dropLast(5) : bytes[...]
        guard stem.count >= 2, stem[stem.endIndex - 2] == UInt8(ascii: "-") else { return nil }
        return stem.last
    }

    var resultFolder: ResultFolder { tag == UInt8(ascii: "a") ? .accepted : .rejected }
    var quarantinesOriginal: Bool { tag == UInt8(ascii: "q") }

    /// The draft id a result named "<draftId>.json" or "<draftId>.invalid-….json" belongs to.
    var draftKey: Name {
        Name(bytes: Array(bytes.prefix { $0 != UInt8(ascii: ".") }))
    }
}

/// An open directory; every operation is relative to its descriptor, as in the daemon.
final class Folder {
    let path: String
    let descriptor: Int32

    init(_ path: String) throws(FloorError) {
        descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FloorError("cannot open directory \(path)", errno: errno) }
        self.path = path
    }

    deinit { close(descriptor) }

    func sync() throws(FloorError) {
        guard fsync(descriptor) == 0 else { throw FloorError("cannot fsync \(path)", errno: errno) }
    }

    /// renameat2(RENAME_NOREPLACE). False when the source is gone and `missingIsFine`.
    func move(_ name: Name, to target: Folder, as newName: Name, missingIsFine: Bool) throws(FloorError) -> Bool {
        let result = name.withCString { from in
            newName.withCString { to in sg_rename_noreplace(descriptor, from, target.descriptor, to) }
        }
        if result == 0 { return true }
        if errno == ENOENT, missingIsFine { return false }
        throw FloorError("cannot move \(path)/\(name) to \(target.path)/\(newName)", errno: errno)
    }

    /// Names streamed from the start of the directory, at most `limit`, without ".", ".." and hidden names.
    func names(limit: Int) -> [Name] {
        let duplicate = dup(descriptor)
        guard duplicate >= 0, let stream = fdopendir(duplicate) else { return [] }
        defer { closedir(stream) }
        rewinddir(stream)
        var names: [Name] = []
        while names.count < limit, let entry = readdir(stream) {
            let bytes = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: UInt8.self, capacity: 256) { pointer in
                    Array(UnsafeBufferPointer(start: pointer, count: strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))))
                }
            }
            if bytes.first == UInt8(ascii: ".") { continue }
            names.append(Name(bytes: bytes))
        }
        return names
    }
}

enum MonotonicClock {
    static func nanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }
}
