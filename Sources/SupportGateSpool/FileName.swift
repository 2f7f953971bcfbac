/// A directory entry's name as the kernel has it: bytes, not necessarily UTF-8.
/// Kept raw so that a name with invalid UTF-8 can still be renamed and
/// quarantined instead of being stuck because a repaired String no longer matches.
public struct FileName: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    public init(_ text: String) {
        self.bytes = Array(text.utf8)
    }

    /// For people and logs; invalid UTF-8 shows as U+FFFD.
    public var description: String {
        String(decoding: bytes, as: UTF8.self)
    }

    public var isHidden: Bool {
        bytes.first == UInt8(ascii: ".")
    }

    public func hasPrefix(_ prefix: String) -> Bool {
        bytes.starts(with: prefix.utf8)
    }

    public func hasSuffix(_ suffix: String) -> Bool {
        bytes.reversed().starts(with: suffix.utf8.reversed())
    }

    /// The name NUL-terminated, on the stack: every file operation of the spool goes
    /// through here, several per draft.
    public func withCString<Result>(_ body: (UnsafePointer<CChar>) throws -> Result) rethrows -> Result {
        try withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer in
            bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
            }
            buffer[bytes.count] = 0
            return try body(buffer.baseAddress!)
        }
    }

    /// `prefix` + this name, cut to at most `limit` bytes (NAME_MAX is 255).
    public func prefixed(_ prefix: String, limit: Int = 255) -> FileName {
        let head = Array(prefix.utf8)
        return FileName(bytes: head + bytes.prefix(max(0, limit - head.count)))
    }

    public static func < (lhs: FileName, rhs: FileName) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}

import SystemCalls

extension FileName: SystemPathName {}
