import StrictJSON
import Testing

/// A streamed read must give exactly what the whole input gives: the same root, the same
/// elements handed over in the same order, or the same error with the same offset, line,
/// column, pointer and message, whatever the window and however the source splits its reads.
@Suite("Streaming an input read piece by piece")
struct StreamingWindowTests {
    struct Outcome: Equatable, CustomStringConvertible {
        var root: JSONValue?
        var error: JSONParseError?
        var taken: [String] = []

        var description: String { "root: \(String(describing: root)), error: \(String(describing: error)), taken: \(taken)" }
    }

    static let keys: Set<String> = ["items", "more"]

    /// Skims plain integers that end before the bytes held do, and nothing else; recorded as
    /// the parser would hand them over (whether one is skimmed depends on the window).
    static func skimIntegers(_ key: String, _ index: Int, _ bytes: UnsafeRawBufferPointer, into taken: inout [String]) -> Int? {
        var end = 0
        while end < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]) { end += 1 }
        guard end > 0, end < bytes.count, bytes[0] != UInt8(ascii: "0") || end == 1,
              ![UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[end]) else { return nil }
        taken.append("\(key)/\(index)=number(\(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self)))")
        return end
    }

    static func whole(_ bytes: [UInt8], skim: Bool) -> Outcome {
        var outcome = Outcome()
        do {
            outcome.root = try bytes.withUnsafeBytes { raw throws(JSONParseError) in
                var taken: [String] = []
                defer { outcome.taken = taken }
                return try JSONParser.parse(raw, streaming: keys, skim: skim ? { skimIntegers($0, $1, $2, into: &taken) } : nil) {
                    taken.append("\($0)/\($1)=\($2)")
                }
            }
        } catch let error as JSONParseError {
            outcome.error = error
        } catch {
            Issue.record("not a JSONParseError: \(error)")
        }
        return outcome
    }

    static func streamed(_ bytes: [UInt8], window: Int, readSize: Int, skim: Bool) -> Outcome {
        var outcome = Outcome()
        var taken: [String] = []
        do {
            outcome.root = try JSONParser.parse(reading: DocumentSource(bytes, readSize: readSize).read, window: window, streaming: keys, skim: skim ? { skimIntegers($0, $1, $2, into: &taken) } : nil) {
                taken.append("\($0)/\($1)=\($2)")
            }
        } catch {
            outcome.error = error
        }
        outcome.taken = taken
        return outcome
    }

    static func expectSame(_ text: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for skim in [false, true] {
            let expected = whole(text, skim: skim)
            for (window, readSize) in [(16, 1), (16, 16), (17, 5), (32, 7), (64, 1000), (1 << 20, 3)] {
                let got = streamed(text, window: window, readSize: readSize, skim: skim)
                if got != expected {
                    Issue.record("window \(window), reads of \(readSize), skim \(skim), input \(String(decoding: text, as: UTF8.self).debugDescription):\n got \(got)\n expected \(expected)", sourceLocation: sourceLocation)
                    return
                }
            }
        }
    }

    static let documents: [String] = [
        #"{"items": [1, 22, 333, {"a": [1, 2]}, "x", [3], 4444], "after": {"items": [4]}}"#,
        "{\"items\": [\n  {\"a\": 1},\n  {\"a\": 2},\n  {\"a\": tru}\n]}",
        "\u{FEFF}{\"items\": [1,\r\n 2,\r 3,\n 4], \"more\": [\"é\", \"\u{1F600}\", \"\\u00e9\\ud83d\\ude00\"]}",
        #"{"items": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], "items": [2]}"#,
        #"{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7, "h": 8, "i": 9, "j": 10, "k": 11, "l": 12, "m": 13, "n": 14, "o": 15, "p": 16, "items": [1, 2, 3, 4, 5, 6, 7, 8, 9], "q": 17, "a": 0}"#,
        #"{"items": [1, 2, 3, 4, 5, 6, 7, 8,]}"#,
        #"{"items": [1, 2, 3, 4, 5, 6, 7, 8, 9] } x"#,
        #"{"items": [1, 2, 3, 4, 5, 6, 7, 8, 9]}                                                    "#,
        "                                            {\"items\": []}",
        "                                            ",
        "",
        #"[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]"#,
        #"{"items": [{"long": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, 1, 2]}"#,
        #"{"items": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, "unterminated"#,
        "{\"items\": [1, 2, 3, 4, 5, 6, 7, 8, 9, \"bad \u{01} control\"]}",
        "{\"items\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 1.5e, 2]}",
        "{\"items\": [1, 2, 3, 4, 5, 6, 7, 8, 9, \"\\ud800\"]}",
        #"{"items": [1, 2, 3, 4, 5, 6, 7, 8, 9, 123456789012345678901234567890]}"#,
        #"{"more": [[[[[[[[[[1]]]]]]]]]], "items": [true, false, null, NaN]}"#,
        "{\"items\": [1, 2, 3, 4, 5, 6, 7, 8, 9]\r\n,\r\n\"items\": 1}",
        #"{"items": 5, "more": {"x": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}}"#,
    ]

    @Test("the same outcome as the whole input, for documents that stream, fail, and look back", arguments: documents)
    func sameAsWhole(_ document: String) {
        Self.expectSame(Array(document.utf8))
    }

    @Test("empty arrays and whitespace that straddle the window's edge, at every width")
    func emptyArraysAtTheEdge() {
        for spaces in 0...40 {
            let gap = String(repeating: " ", count: spaces)
            Self.expectSame(Array("{\"items\": [\(gap)], \"more\": [\(gap)]}".utf8))
            Self.expectSame(Array("{\"items\": [1,\(gap)2], \"x\": [\(gap)[\(gap)]\(gap)]}".utf8))
        }
    }

    @Test("hostile: a real error early in a large input is reported without reading the rest of it")
    func earlyErrorStopsReading() {
        var document = Array("{\"items\": [1, 2, nope, ".utf8)
        for index in 0..<100_000 { document += Array("\(index % 9 + 1), ".utf8) }
        document += Array("0]}".utf8)
        let source = DocumentSource(document)
        var caught: JSONParseError?
        do {
            _ = try JSONParser.parse(reading: source.read, window: 256, streaming: Self.keys) { _, _, _ in }
        } catch {
            caught = error
        }
        #expect(caught?.pointer.description == "/items/2")
        #expect(source.offset <= 4096, "read \(source.offset) of \(document.count) bytes")
    }

    @Test("every syntax error case gives the same outcome, alone and inside a streamed array")
    func syntaxErrorCases() {
        for errorCase in SyntaxErrorTests.cases {
            Self.expectSame(Array(errorCase.input.utf8))
            Self.expectSame(Array("{\"items\": [1, 2, 3, 4, 5, 6,\n \(errorCase.input)]}".utf8))
        }
    }

    @Test("hostile: invalid UTF-8, a lone CR before the end, and NUL bytes give the same errors")
    func rawBytes() {
        Self.expectSame(Array(#"{"items": [1, 2, 3, 4, 5, 6, 7, 8, ""#.utf8) + [0xC3] + Array(#""]}"#.utf8))
        Self.expectSame(Array(#"{"items": [1, 2, 3, 4, 5, 6, 7, 8, ""#.utf8) + [0xE2, 0x82] + Array(#""]}"#.utf8))
        Self.expectSame(Array("{\"items\": [1, 2, 3, 4, 5, 6, 7, 8]}\r".utf8))
        Self.expectSame(Array("{\"items\": [1, 2, 3, 4, 5, 6, 7, 8]}\r x".utf8))
        Self.expectSame([0x7B, 0x00, 0x7D, 0x00])
    }

    @Test("every cut, deletion and doubling of a streamed document gives the same outcome")
    func mutations() {
        let base = Array("{\"items\": [1, {\"k\": \"v\\n\", \"n\": [true]},\r\n 22, \"é\"], \"x\": {\"y\": null},\n \"more\": [3, 4]}".utf8)
        for cut in 0...base.count { Self.expectSame(Array(base[..<cut])) }
        for index in base.indices {
            var deleted = base
            deleted.remove(at: index)
            Self.expectSame(deleted)
            var doubled = base
            doubled.insert(base[index], at: index)
            Self.expectSame(doubled)
        }
    }

    @Test("a source that fails stops the parse as unreadable, after what was handed over")
    func failingSource() {
        let bytes = Array(#"{"items": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]}"#.utf8)
        var offset = 0
        var taken: [Int] = []
        var caught: JSONParseError?
        do {
            _ = try JSONParser.parse(reading: { buffer in
                guard offset < 40 else { return nil }
                let count = min(8, buffer.count)
                for index in 0..<count { buffer[index] = bytes[offset + index] }
                offset += count
                return count
            }, window: 16, streaming: Self.keys) { _, index, _ in taken.append(index) }
        } catch {
            caught = error
        }
        #expect(caught?.kind == .unreadable)
        #expect(!taken.isEmpty && taken == Array(0..<taken.count), "elements before the failure were handed over once, in order")
    }

    @Test("memory follows the window, not the input: a long array of small elements never grows it")
    func windowStaysSmall() throws {
        var document = Array(#"{"items": ["#.utf8)
        for index in 0..<20_000 { document += Array("\(index % 9 + 1), ".utf8) }
        document += Array("0]}".utf8)
        let source = DocumentSource(document)
        var count = 0
        _ = try JSONParser.parse(reading: source.read, window: 256, streaming: Self.keys) { _, _, _ in count += 1 }
        #expect(count == 20_001)
        #expect(source.largestRequest <= 256, "no read asked for more than the window")
    }
}

/// A document handed to a streamed parse piece by piece, at most `readSize` bytes a read;
/// it remembers how far it was read and the largest buffer asked for.
final class DocumentSource {
    let document: [UInt8]
    let readSize: Int
    private(set) var offset = 0
    private(set) var largestRequest = 0

    init(_ document: [UInt8], readSize: Int = .max) {
        self.document = document
        self.readSize = readSize
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        largestRequest = max(largestRequest, buffer.count)
        let count = min(readSize, buffer.count, document.count - offset)
        for index in 0..<count { buffer[index] = document[offset + index] }
        offset += count
        return count
    }
}
