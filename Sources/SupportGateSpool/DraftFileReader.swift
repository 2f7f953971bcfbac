#if canImport(Glibc)
import Glibc
#endif
import StrictJSON
import SupportGateCore
import SystemCalls

/// Rule 1 at the file level: a regular file, never through a symlink, within
/// the size limit before a byte is read. Opens without blocking, so a FIFO
/// cannot stall the gate.
public enum DraftFileReader {
    public struct DraftFile: Sendable {
        public let bytes: [UInt8]
        public let ownerUID: UInt32
        public let groupID: UInt32

        public init(bytes: [UInt8], ownerUID: UInt32, groupID: UInt32) {
            self.bytes = bytes
            self.ownerUID = ownerUID
            self.groupID = groupID
        }
    }

    public static func read(path: String, maxBytes: Int) -> Result<DraftFile, Finding> {
        let descriptor: Int32
        do throws(SystemCallError) {
            descriptor = try SystemCall.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        } catch {
            return .failure(openFailure(error.errno))
        }
        defer { try? SystemCall.close(descriptor) }  // read only: a failing close loses nothing
        return read(descriptor: descriptor, maxBytes: maxBytes)
    }

    /// Why an open with O_NOFOLLOW failed, as a finding.
    public static func openFailure(_ code: Int32) -> Finding {
        if code == ELOOP {
            return unreadable("the draft is a symbolic link; the gate never follows links", remedy: "Copy the file itself into the spool instead of linking to it.")
        }
        return unreadable("the draft cannot be opened: \(describe(code))", remedy: "Make the file readable by the gate.")
    }

    /// Reads an already opened draft: regular file only, size limit before reading.
    public static func read(descriptor: Int32, maxBytes: Int) -> Result<DraftFile, Finding> {
        do throws(SystemCallError) {
            return read(descriptor: descriptor, status: try SystemCall.fstat(descriptor), maxBytes: maxBytes)
        } catch {
            return .failure(examineFailure(error.errno))
        }
    }

    /// Why an fstat of an opened draft failed, as a finding.
    public static func examineFailure(_ code: Int32) -> Finding {
        unreadable("the draft cannot be examined: \(describe(code))", remedy: "Make the file readable by the gate.")
    }

    /// The same, with the `fstat` the caller already made.
    public static func read(descriptor: Int32, status: stat, maxBytes: Int) -> Result<DraftFile, Finding> {
        if let problem = problem(with: status, maxBytes: maxBytes) {
            return .failure(problem)
        }
        let read: BoundedRead
        do throws(SystemCallError) {
            // Read on past the size fstat saw: a file still growing is caught at the limit.
            read = try SystemCall.readAll(descriptor, limit: maxBytes, expectedSize: Int(status.st_size))
        } catch {
            return .failure(unreadable("reading the draft failed: \(describe(error.errno))", remedy: "Check the file and the disk, then drop it again."))
        }
        guard read.end == .endOfFile else { return .failure(tooLarge(size: nil, limit: maxBytes)) }
        return .success(DraftFile(bytes: read.bytes, ownerUID: status.st_uid, groupID: status.st_gid))
    }

    /// Not a regular file, or over the limit: decided from `stat` alone, before a byte is read.
    public static func problem(with status: stat, maxBytes: Int) -> Finding? {
        guard status.st_mode & S_IFMT == S_IFREG else {
            return unreadable("the draft is \(kind(of: status.st_mode)), not a regular file", remedy: "Drop a regular file containing one JSON object.")
        }
        guard status.st_nlink <= 1 else {
            // Whoever may link a file may not own it: a hard link would let one user drop
            // another's draft, which the gate would then decide as the owner's.
            return unreadable("the draft is a hard link (it has \(status.st_nlink) names); the gate takes only files with one name",
                              remedy: "Copy the draft into the spool (cp or supportgate submit) instead of linking it.")
        }
        guard Int(status.st_size) <= maxBytes else {
            return tooLarge(size: Int(status.st_size), limit: maxBytes)
        }
        return nil
    }

    private static func unreadable(_ message: String, remedy: String) -> Finding {
        Finding(.draftUnreadable, message, rule: .readFile, remedy: remedy)
    }

    /// `size` nil: the size is not known, only that it is past the limit (a growing file, a pipe).
    public static func tooLarge(size: Int?, limit: Int) -> Finding {
        let actual = size.map { "\($0) bytes" } ?? "more than \(limit) bytes"
        return Finding(.draftTooLarge, "the draft is \(actual); the limit is \(limit) bytes (limits.maxDraftBytes)", rule: .readSize,
                       remedy: "Shorten the draft: attach large logs through the ticket's file workspace, not in the draft.")
    }

    static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO"
        case S_IFSOCK: "a socket"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFLNK: "a symbolic link"
        default: "not a regular file"
        }
    }

    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
