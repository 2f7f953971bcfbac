#if canImport(Glibc)
import Glibc
#endif
import CSystemd
import Synchronization

/// Where journal entries go.
public protocol JournalSink: Sendable {
    /// False when the entry could not be delivered.
    @discardableResult
    func send(_ entry: JournalEntry) -> Bool
}

/// The native journal protocol through libsystemd (`sd_journal_sendv`): every field kept,
/// values may hold newlines or any bytes.
public struct NativeJournal: JournalSink {
    public init() {}

    /// True when journald's socket is there to take native entries.
    public static var isAvailable: Bool {
        access("/run/systemd/journal/socket", W_OK) == 0
    }

    @discardableResult
    public func send(_ entry: JournalEntry) -> Bool {
        // One buffer holding every "NAME=value", and one iovec per field pointing into it.
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        for field in entry.allFields {
            let start = bytes.count
            bytes += field.name.utf8
            bytes.append(UInt8(ascii: "="))
            bytes += field.value.utf8
            ranges.append(start..<bytes.count)
        }
        return bytes.withUnsafeMutableBytes { buffer in
            var vectors = ranges.map { iovec(iov_base: buffer.baseAddress! + $0.lowerBound, iov_len: $0.count) }
            return sd_journal_sendv(&vectors, Int32(vectors.count)) >= 0
        }
    }
}

/// Readable lines on standard error, for running outside systemd.
public struct StandardErrorJournal: JournalSink {
    private let processID = getpid()

    public init() {}

    @discardableResult
    public func send(_ entry: JournalEntry) -> Bool {
        var line = "supportgate[\(processID)]: <\(entry.priority.rawValue)> \(Self.oneLine(entry.message))"
        for field in entry.fields {
            line += " \(field.name)=\(Self.quoted(field.value))"
        }
        line += "\n"
        // One write(2) per entry, so lines from concurrent writers do not interleave.
        return line.utf8.withContiguousStorageIfAvailable { write(STDERR_FILENO, $0.baseAddress, $0.count) }.map { $0 >= 0 } ?? false
    }

    /// A multi-line message stays one log line.
    static func oneLine(_ text: String) -> String {
        text.utf8.contains(UInt8(ascii: "\n")) ? text.split(whereSeparator: \.isNewline).joined(separator: " | ") : text
    }

    static func quoted(_ value: String) -> String {
        let needsQuotes = value.utf8.contains { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
        guard needsQuotes else { return value }
        var out = "\""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out + "\""
    }
}

/// Keeps entries in memory, for tests (as swift-log's in-memory handler does).
public final class MemoryJournal: JournalSink {
    private let storage = Mutex<[JournalEntry]>([])

    public init() {}

    @discardableResult
    public func send(_ entry: JournalEntry) -> Bool {
        storage.withLock { $0.append(entry) }
        return true
    }

    public var entries: [JournalEntry] {
        storage.withLock { $0 }
    }
}

/// The journal, and readable lines on stderr for any entry the journal did not take
/// (its socket gone, say): nothing is lost while journald restarts.
public struct FallbackJournal: JournalSink {
    let primary: any JournalSink
    let fallback: any JournalSink

    public init(primary: any JournalSink, fallback: any JournalSink) {
        self.primary = primary
        self.fallback = fallback
    }

    @discardableResult
    public func send(_ entry: JournalEntry) -> Bool {
        primary.send(entry) || fallback.send(entry)
    }
}
