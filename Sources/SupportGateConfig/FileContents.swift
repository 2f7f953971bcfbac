#if canImport(Glibc)
import Glibc
#endif
import SystemCalls

/// Whole-file reads for the configuration and the directory.
public enum FileContents {
    /// The whole file, unless it is larger than `maxBytes`: then refused from its size alone,
    /// before anything is read (a file that grows past it while read is refused too).
    /// `limit` names the setting for the message.
    public static func read(_ path: String, maxBytes: Int, limit: String) -> Result<[UInt8], ConfigurationProblem> {
        let descriptor: Int32
        do throws(SystemCallError) {
            descriptor = try SystemCall.open(path, O_RDONLY | O_CLOEXEC)
        } catch {
            return .failure(ConfigurationProblem(file: path, message: "cannot open: \(String(cString: strerror(error.errno)))"))
        }
        defer { try? SystemCall.close(descriptor) }  // read only: a failing close loses nothing
        guard let status = try? SystemCall.fstat(descriptor), status.st_mode & S_IFMT == S_IFREG else {
            return .failure(ConfigurationProblem(file: path, message: "is not a regular file"))
        }
        guard Int(status.st_size) <= maxBytes else {
            return .failure(ConfigurationProblem(file: path, message: "is \(status.st_size) bytes, over the limit of \(maxBytes) (\(limit)); refused unread"))
        }
        let read: BoundedRead
        do throws(SystemCallError) {
            read = try SystemCall.readAll(descriptor, limit: maxBytes, expectedSize: Int(status.st_size))
        } catch {
            return .failure(ConfigurationProblem(file: path, message: "cannot read: \(String(cString: strerror(error.errno)))"))
        }
        guard read.end == .endOfFile else {
            return .failure(ConfigurationProblem(file: path, message: "grew past the limit of \(maxBytes) bytes (\(limit)) while it was read; refused"))
        }
        return .success(read.bytes)
    }
}
