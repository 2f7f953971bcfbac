#if canImport(Glibc)
import Glibc
#endif

/// Whole-file reads for the configuration and the directory.
public enum FileContents {
    /// The whole file, unless it is larger than `maxBytes`: then refused from its size alone,
    /// before anything is read (a file that grows past it while read is refused too).
    /// `limit` names the setting for the message.
    public static func read(_ path: String, maxBytes: Int, limit: String) -> Result<[UInt8], ConfigurationProblem> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            return .failure(ConfigurationProblem(file: path, message: "cannot open: \(String(cString: strerror(errno)))"))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            return .failure(ConfigurationProblem(file: path, message: "is not a regular file"))
        }
        guard Int(status.st_size) <= maxBytes else {
            return .failure(ConfigurationProblem(file: path, message: "is \(status.st_size) bytes, over the limit of \(maxBytes) (\(limit)); refused unread"))
        }
        let tooLarge = ConfigurationProblem(file: path, message: "grew past the limit of \(maxBytes) bytes (\(limit)) while it was read; refused")
        var bytes = [UInt8](repeating: 0, count: max(Int(status.st_size), 0) + 1)
        var filled = 0
        while true {
            if filled == bytes.count {
                guard filled <= maxBytes else { return .failure(tooLarge) }
                bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, maxBytes + 1 - filled + 1)))
            }
            let count = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(ConfigurationProblem(file: path, message: "cannot read: \(String(cString: strerror(errno)))"))
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeSubrange(filled...)
        guard filled <= maxBytes else { return .failure(tooLarge) }
        return .success(bytes)
    }
}
