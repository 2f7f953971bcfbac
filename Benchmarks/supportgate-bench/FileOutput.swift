#if canImport(Glibc)
import Glibc
#endif

/// Writing to standard error without Foundation.
enum FileOutput {
    static func standardError(_ text: String) {
        var line = text
        if !line.hasSuffix("\n") { line += "\n" }
        line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
}
