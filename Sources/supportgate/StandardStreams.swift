#if canImport(Glibc)
import Glibc
#endif
import SystemCalls

/// Unbuffered writes to stdout and stderr (one line of JSON per result must not be split).
enum StandardStreams {
    static func standardOutput(_ text: String) {
        write(text + "\n", to: STDOUT_FILENO)
    }

    static func standardError(_ text: String) {
        write(text + "\n", to: STDERR_FILENO)
    }

    private static func write(_ text: String, to descriptor: Int32) {
        var text = text
        // A closed stdout or stderr has nowhere to report to.
        text.withUTF8 { buffer in _ = try? SystemCall.writeAll(descriptor, UnsafeRawBufferPointer(buffer)) }
    }
}
