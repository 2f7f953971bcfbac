#if canImport(Glibc)
import Glibc
#endif
import SupportGateCore
import SupportGateSpool

/// `check -`: one draft from standard input, with the same size limit as a file.
enum StandardInput {
    static func read(maxBytes: Int) -> Result<DraftFileReader.DraftFile, Finding> {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(STDIN_FILENO, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(Finding(.draftUnreadable, "reading standard input failed: \(String(cString: strerror(errno)))",
                                        rule: .readFile, remedy: "Pipe the draft into supportgate check -."))
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
            if bytes.count > maxBytes {
                return .failure(DraftFileReader.tooLarge(size: nil, limit: maxBytes))
            }
        }
        return .success(DraftFileReader.DraftFile(bytes: bytes, ownerUID: getuid(), groupID: getgid()))
    }
}
