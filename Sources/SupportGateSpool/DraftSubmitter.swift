#if canImport(Glibc)
import Glibc
#endif

/// `supportgate submit`: puts a draft into incoming/ the safe way (as Maildir
/// delivery does): write under a temporary name in staging/, fsync, rename into
/// incoming/, fsync incoming/. The gate never sees a half-written draft.
public struct DraftSubmitter {
    public let paths: SpoolPaths
    private let staging: DirectoryHandle
    private let incoming: DirectoryHandle

    public init(paths: SpoolPaths) throws(SpoolError) {
        self.paths = paths
        incoming = try DirectoryHandle(path: paths.path(.incoming))
        // Without staging/ the temporary file is a hidden name in incoming/, which the gate skips.
        staging = (try? DirectoryHandle(path: paths.path(.staging))) ?? incoming
    }

    /// Returns the name it was given in incoming/. When the name is taken (by a waiting
    /// draft, or by anything another submitter put there to squat on it), a suffix is
    /// added: "-1" to "-9", then a random one that nobody can take in advance.
    public func submit(_ bytes: [UInt8], name: String) throws(SpoolError) -> String {
        let base = Self.safeName(name)
        let temporary = FileName(".\(base).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        try staging.writeNewFile(temporary, bytes, fsync: true)
        for attempt in 0..<1_000 {
            let candidate = switch attempt {
            case 0: base
            case 1..<10: Self.suffixed(base, String(attempt))
            default: Self.suffixed(base, String(UInt64.random(in: 0...UInt64.max), radix: 16))
            }
            do throws(SpoolError) {
                try staging.rename(temporary, to: incoming, as: FileName(candidate))
                try incoming.sync()
                return candidate
            } catch where error.errno == EEXIST {
                continue
            } catch {
                try? staging.remove(temporary)
                throw error
            }
        }
        try? staging.remove(temporary)
        throw SpoolError("no free name for \(base)", path: incoming.path, errno: EEXIST)
    }

    /// The file's own name, without directories, never hidden, never empty.
    static func safeName(_ name: String) -> String {
        var base = String(name.split(separator: "/").last ?? "draft.json")
        while base.hasPrefix(".") { base.removeFirst() }
        return base.isEmpty ? "draft.json" : String(decoding: base.utf8.prefix(200), as: UTF8.self)
    }

    static func suffixed(_ name: String, _ suffix: String) -> String {
        if name.hasSuffix(".json") {
            return "\(name.dropLast(5))-\(suffix).json"
        }
        return "\(name)-\(suffix)"
    }
}
