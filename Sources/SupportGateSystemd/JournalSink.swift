#if canImport(Glibc)
import Glibc
#endif
import CSystemd
import Synchronization
import SystemCalls

/// Where journal entries go.
public protocol JournalSink: Sendable {
    /// False when the entry could not be delivered.
    @discardableResult
    func send(_ entry: JournalEntry) -> Bool

    /// Entries the structured journal refused that went out only as plain lines (their
    /// fields unsearchable), since the start: shown in STATUS=.
    var entriesAsPlainLines: Int { get }
}

extension JournalSink {
    public var entriesAsPlainLines: Int { 0 }
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
        let line = Self.line(entry, processID: processID)
        // One write(2) per entry, so lines from concurrent writers do not interleave.
        return line.withUnsafeBytes { (try? SystemCall.write(STDERR_FILENO, $0)) != nil }
    }

    /// The longest line, its newline included: journald's stream reader cuts lines at
    /// LINE_MAX (48 KiB) and would start a record (read for a `<N>` priority) inside one.
    public static let maxLineBytes = 4_096
    public static let truncationMarker = " …[truncated]"

    /// `supportgate[PID]: <PRIORITY> MESSAGE NAME=VALUE …` and a newline, at most
    /// `maxLineBytes`. Built byte by byte: the gate writes one per decision, so this is on
    /// the hot path.
    static func line(_ entry: JournalEntry, processID: pid_t) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(1024)
        line.append(contentsOf: "supportgate[\(processID)]: <\(entry.priority.rawValue)> ".utf8)
        appendOneLine(entry.message, to: &line)
        for field in entry.fields {
            line.append(UInt8(ascii: " "))
            line.append(contentsOf: field.name.utf8)
            line.append(UInt8(ascii: "="))
            appendQuoted(field.value, to: &line)
            if line.count >= maxLineBytes { break }
        }
        if line.count > maxLineBytes - 1 { cut(&line) }
        line.append(UInt8(ascii: "\n"))
        return line
    }

    /// Cuts `line` so that it and the marker and a newline fit in `maxLineBytes`, never
    /// inside a UTF-8 sequence (the line is otherwise escaped ASCII).
    private static func cut(_ line: inout [UInt8]) {
        var end = maxLineBytes - 1 - truncationMarker.utf8.count
        while end > 0, line[end] & 0xC0 == 0x80 { end -= 1 }
        line.removeSubrange(end...)
        line.append(contentsOf: truncationMarker.utf8)
    }

    static func quoted(_ value: String) -> String {
        var bytes: [UInt8] = []
        appendQuoted(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Line breaks (LF, CR, CRLF) become " | ", runs of them one separator, none at either
    /// end; every other control character is escaped (LogLineEscaper).
    private static func appendOneLine(_ text: String, to line: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            var wroteAny = false
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\r") { end += 1 }
                if end > start {
                    if wroteAny { line.append(contentsOf: " | ".utf8) }
                    LogLineEscaper.append(UnsafeBufferPointer(rebasing: bytes[start..<end]), inQuotes: false, to: &line)
                    wroteAny = true
                }
                start = end + 1
            }
        }
    }

    /// Plain ASCII without spaces, quotes or backslashes as it is; anything else quoted,
    /// with `\\`, `\"`, `\n`, `\r` and every other control character escaped.
    private static func appendQuoted(_ value: String, to line: inout [UInt8]) {
        var value = value
        value.withUTF8 { bytes in
            guard !LogLineEscaper.isPlain(bytes) else {
                line.append(contentsOf: bytes)
                return
            }
            line.append(UInt8(ascii: "\""))
            LogLineEscaper.append(bytes, inQuotes: true, to: &line)
            line.append(UInt8(ascii: "\""))
        }
    }
}

/// The journal, and readable lines on stderr for any entry the journal did not take
/// (its socket gone, say): nothing is lost while journald restarts. Each such entry is
/// counted, so that STATUS= can say the journal failed.
public struct FallbackJournal: JournalSink {
    let primary: any JournalSink
    let fallback: any JournalSink
    private let fallbacks = FallbackCount()

    public init(primary: any JournalSink, fallback: any JournalSink) {
        self.primary = primary
        self.fallback = fallback
    }

    @discardableResult
    public func send(_ entry: JournalEntry) -> Bool {
        if primary.send(entry) { return true }
        fallbacks.value.add(1, ordering: .relaxed)
        return fallback.send(entry)
    }

    public var entriesAsPlainLines: Int {
        fallbacks.value.load(ordering: .relaxed)
    }
}

/// A counter shared by copies of a `FallbackJournal`.
private final class FallbackCount: Sendable {
    let value = Atomic<Int>(0)
}
