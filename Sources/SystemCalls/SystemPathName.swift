/// A path or a directory entry's name the kernel takes as a NUL-terminated string: a `String`,
/// or the spool's `FileName` (bytes, not necessarily UTF-8).
public protocol SystemPathName {
    func withCString<Result>(_ body: (UnsafePointer<CChar>) throws -> Result) rethrows -> Result
}

extension String: SystemPathName {}
