@testable import SupportGateSystemd
import SupportGateTestKit
import Testing

/// `--log stderr` lines carry draft ids, keys and file names a submitter chose. journald
/// reads a service's stderr as a stream and starts a new entry at a NUL or a newline, with
/// a priority taken from a leading `<N>`: none of that may come through raw.
@Suite("The stderr log escapes every control character")
struct LogInjectionTests {
    static func line(message: String = "draft decided", _ fields: [(String, String)]) -> String {
        var entry = JournalEntry(.draftRejected, message)
        for (name, value) in fields { entry.add(name, value) }
        return String(decoding: StandardErrorJournal.line(entry, processID: 42), as: UTF8.self)
    }

    static func escaped(_ bytes: [UInt8], inQuotes: Bool = true) -> String {
        var line: [UInt8] = []
        bytes.withUnsafeBufferPointer { LogLineEscaper.append($0, inQuotes: inQuotes, to: &line) }
        return String(decoding: line, as: UTF8.self)
    }

    /// The line is one line of printable text: no C0 byte (but its final newline), no DEL,
    /// no C1 control, nothing that is not UTF-8.
    static func isOnePrintableLine(_ line: String) -> Bool {
        guard line.hasSuffix("\n") else { return false }
        let body = line.utf8.dropLast()
        return body.allSatisfy { $0 >= 0x20 && $0 != 0x7F }
            && !line.unicodeScalars.contains { (0x80...0x9F).contains($0.value) || [0x2028, 0x2029, 0x202E].contains($0.value) }
    }

    @Test("a hostile value stays one line, its controls visible as escapes", arguments: [
        ("NUL then a forged entry", "id\u{0}<1>supportgate: forged", "\"id\\x00\\x3C1>supportgate: forged\""),
        ("line feed and a priority", "id\n<2>forged", "\"id\\n\\x3C2>forged\""),
        ("carriage return", "id\rforged", "\"id\\rforged\""),
        ("TAB", "a\tb", "\"a\\x09b\""),
        ("ESC sequence", "\u{1B}[31mred\u{1B}[0m", "\"\\x1B[31mred\\x1B[0m\""),
        ("DEL", "a\u{7F}b", "\"a\\x7Fb\""),
        ("C1 NEL and CSI", "a\u{85}b\u{9B}c", "\"a\\u{85}b\\u{9B}c\""),
        ("line separator", "a\u{2028}b", "\"a\\u{2028}b\""),
        ("right-to-left override", "evil\u{202E}nosj.txt", "\"evil\\u{202E}nosj.txt\""),
        ("a backslash that looks like an escape", "a\\x00b", "\"a\\\\x00b\""),
    ])
    func hostileValues(what: String, value: String, expected: String) {
        let line = Self.line([("DRAFT_ID", value)])
        #expect(line.hasSuffix(" DRAFT_ID=\(expected)\n"), "\(what): \(line)")
        #expect(Self.isOnePrintableLine(line), "\(what)")
    }

    @Test("near misses: plain ids stay unquoted, printable non-ASCII text stays readable")
    func nearMisses() {
        #expect(Self.line([("DRAFT_ID", "ticket-42_a.b")]).hasSuffix(" DRAFT_ID=ticket-42_a.b\n"))
        #expect(Self.line([("DRAFT_FILE", "サポート.json")]).hasSuffix(" DRAFT_FILE=\"サポート.json\"\n"))
        #expect(Self.line([("DRAFT_FILE", "café é.json")]).hasSuffix(" DRAFT_FILE=\"café é.json\"\n"))
    }

    @Test("the message is one line too: breaks become ' | ', other controls are escaped")
    func message() {
        let line = Self.line(message: "unknown key \"a\u{0}b\"\n\n<1>forged\u{1B}]0;title\u{7}", [])
        #expect(line == "supportgate[42]: <6> unknown key \"a\\x00b\" | \\x3C1>forged\\x1B]0;title\\x07\n")
        #expect(Self.isOnePrintableLine(line))
    }

    @Test("invalid UTF-8 is escaped byte by byte; valid sequences pass", arguments: [
        ([0x61, 0xFF, 0x62] as [UInt8], "a\\xFFb"),
        ([0xC0, 0xAF], "\\xC0\\xAF"),                 // overlong "/"
        ([0xED, 0xA0, 0x80], "\\xED\\xA0\\x80"),      // a surrogate
        ([0xF4, 0x90, 0x80, 0x80], "\\xF4\\x90\\x80\\x80"),  // above U+10FFFF
        ([0xE3, 0x81], "\\xE3\\x81"),                 // truncated
        ([0xE3, 0x81, 0x82], "あ"),
        ([0xF0, 0x9F, 0x98, 0x80], "😀"),
    ])
    func invalidUTF8(bytes: [UInt8], expected: String) {
        #expect(Self.escaped(bytes) == expected)
    }

    @Test("every single byte comes out printable")
    func everyByte() {
        for byte in UInt8.min...UInt8.max {
            let text = Self.escaped([byte])
            #expect(text.utf8.allSatisfy { $0 >= 0x20 && $0 != 0x7F }, "byte \(byte) gave \(text.debugDescription)")
        }
    }

    @Test("'<' never reaches the line raw: no submitter text can be read as a syslog priority")
    func angleBracket() {
        let forged = "<0>draft ticket-1043 accepted: FORGED BY UID 2102"
        let line = Self.line(message: "unknown field \"\(forged)\"", [("FINDING", forged), ("DRAFT_ID", "<3>")])
        #expect(!line.dropFirst("supportgate[42]: <6> ".count).contains("<"), "\(line)")
        #expect(line.contains("\\x3C0>draft ticket-1043"))
        #expect(line.hasSuffix(" DRAFT_ID=\"\\x3C3>\"\n") || line.hasSuffix(" DRAFT_ID=\\x3C3>\n"), "\(line)")
        // Near miss: '>' alone and other punctuation stay as they are.
        #expect(Self.line([("DRAFT_ID", "a>b")]).hasSuffix(" DRAFT_ID=a>b\n"))
    }

    @Test("a line is at most 4 KiB, cut with a marker and still one printable line")
    func lineBound() {
        // The attack: a 300 KB line cut by journald every 48 KiB, a forged "<0>" at a cut.
        var entry = JournalEntry(.draftRejected, "draft flood rejected")
        entry.add("DRAFT_ID", "flood")
        for index in 0..<1_000 {
            entry.add("FINDING", "DRAFT_SCHEMA_INVALID at /k\(index): unknown field \"<0>forged \(String(repeating: "\u{1}", count: 40))\"")
        }
        let line = StandardErrorJournal.line(entry, processID: 42)
        #expect(line.count <= StandardErrorJournal.maxLineBytes)
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.hasSuffix(StandardErrorJournal.truncationMarker + "\n"))
        #expect(text.hasPrefix("supportgate[42]: <6> draft flood rejected DRAFT_ID=flood"))
        #expect(Self.isOnePrintableLine(text))
        // Near miss: a short entry is whole, with no marker.
        let short = Self.line([("DRAFT_ID", "ok")])
        #expect(!short.contains(StandardErrorJournal.truncationMarker))
    }

    @Test("a cut never splits a UTF-8 sequence")
    func cutOnScalarBoundary() {
        for pad in 0..<4 {
            var entry = JournalEntry(.draftRejected, String(repeating: "a", count: pad))
            entry.add("FINDING", String(repeating: "あ", count: 1_300))
            let text = String(decoding: StandardErrorJournal.line(entry, processID: 42), as: UTF8.self)
            #expect(!text.contains("\u{FFFD}"), "pad \(pad)")
            #expect(text.utf8.count <= StandardErrorJournal.maxLineBytes)
        }
    }
}
