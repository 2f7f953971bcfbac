#if canImport(Glibc)
import Glibc
#endif
import SystemCalls

/// The forwarder's `.prom` file, written as the gate's is (MetricsTextfile): under a name the
/// collector ignores, then renamed over, so a scrape never reads half of it.
struct MetricsFile {
    let path: String

    func write(_ text: String) throws(SystemCallError) {
        let temporary = "\(path).\(getpid()).tmp"
        try? SystemCall.unlink(temporary)  // a leftover of a crash mid-write, if any
        let descriptor = try SystemCall.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode: 0o644)
        var isOpen = true
        defer { if isOpen { try? SystemCall.close(descriptor) } }
        do throws(SystemCallError) {
            try SystemCall.writeAll(descriptor, Array(text.utf8))
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
