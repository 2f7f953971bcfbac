#if canImport(Glibc)
import Glibc
#endif
import SupportGateCore
import SupportGateSpool
import SystemCalls

/// `check -`: one draft from standard input, with the same size limit as a file.
enum StandardInput {
    static func read(maxBytes: Int) -> Result<DraftFileReader.DraftFile, Finding> {
        let read: BoundedRead
        do throws(SystemCallError) {
            // A closed standard input is reported like any failure (EBADF on descriptor 0 is
            // whoever started us, not a mistake here).
            read = try SystemCall.readAll(STDIN_FILENO, limit: maxBytes)
        } catch {
            return .failure(Finding(.draftUnreadable, "reading standard input failed: \(String(cString: strerror(error.errno)))",
                                    rule: .readFile, remedy: "Pipe the draft into supportgate check -."))
        }
        guard read.end == .endOfFile else { return .failure(DraftFileReader.tooLarge(size: nil, limit: maxBytes)) }
        return .success(DraftFileReader.DraftFile(bytes: read.bytes, ownerUID: getuid(), groupID: getgid()))
    }
}
