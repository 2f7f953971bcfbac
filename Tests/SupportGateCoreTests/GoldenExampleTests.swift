import BusinessCalendar
import Foundation
import StrictJSON
import SupportGateCore
import Testing

/// Config/examples/NAME.draft.json decided at a fixed instant must give
/// Config/examples/NAME.expected.json byte for byte.
/// To accept a deliberate change: Scripts/update-expected.sh, then review the diff.
@Suite("Golden results for the example drafts")
struct GoldenExampleTests {
    static let examples: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TestSupport.examplesFolder.path)) ?? []
        return names.filter { $0.hasSuffix(".draft.json") }.map { String($0.dropLast(".draft.json".count)) }.sorted()
    }()

    /// The instant Scripts/update-expected.sh passes to `check --at`.
    static let instant = "2026-11-24T18:00:00Z"

    @Test("there are examples")
    func present() {
        #expect(Self.examples.count >= 12)
    }

    @Test("result matches the expected file", arguments: examples)
    func golden(_ name: String) throws {
        let draft = try Data(contentsOf: TestSupport.examplesFolder.appendingPathComponent("\(name).draft.json"))
        let expectedURL = TestSupport.examplesFolder.appendingPathComponent("\(name).expected.json")
        let result = TestSupport.decide(bytes: [UInt8](draft), at: try #require(.parseRFC3339(Self.instant)))
        let actual = JSONWriter.pretty(result.json) + "\n"
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(actual == expected, "run Scripts/update-expected.sh and review the diff")
    }
}
