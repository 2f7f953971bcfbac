#if canImport(Glibc)
import Glibc
#endif
import SystemCalls

/// Writes the metrics file for node_exporter's textfile collector the way it asks: under a
/// temporary name it ignores (not ending in `.prom`), then renamed over the file, so a scrape
/// never reads half of it. No fsync: the file is rewritten every interval, and after a crash
/// the gate starts counting from zero anyway. The gate's and the forwarder's files both.
public struct MetricsTextfile {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public func write(_ text: String) throws(SystemCallError) {
        let temporary = "\(path).\(getpid()).tmp"
        // A leftover of a gate that died mid-write, if any (its absence is no error). Then
        // O_EXCL and O_NOFOLLOW: a name planted in the folder is never written through.
        try? SystemCall.unlink(temporary)
        let descriptor = try SystemCall.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode: 0o644)
        var isOpen = true
        defer { if isOpen { try? SystemCall.close(descriptor) } }
        do throws(SystemCallError) {
            try SystemCall.writeAll(descriptor, Array(text.utf8))
            // Readable by the exporter whatever the gate's umask.
            try SystemCall.fchmod(descriptor, 0o644)
            isOpen = false
            try SystemCall.close(descriptor)
            try SystemCall.rename(temporary, path)
        } catch {
            try? SystemCall.unlink(temporary)
            throw error
        }
    }
}
