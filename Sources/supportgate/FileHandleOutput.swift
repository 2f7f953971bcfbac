#if canImport(Glibc)
import Glibc
#endif

/// Unbuffered writes to stdout and stderr (one line of JSON per result must not be split).
enum FileHandleOutput {
    static func standardOutput(_ text: String) {
        write(text + "\n", to: STDOUT_FILENO)
    }

    static func standardError(_ text: String) {
        write(text + "\n", to: STDERR_FILENO)
    }

    private static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
