import BusinessCalendar
import Foundation
import StrictJSON
@testable import SupportGateCore
import Testing

/// A hostile draft can have a problem per key: 32,962 short distinct keys fit in 256 KiB,
/// and a finding each made a 19 MB result in half a second. A result lists the first
/// `FindingLimits.maxFindings` and one FINDINGS_TRUNCATED that counts the rest.
@Suite("Findings per draft are capped, and a result's size is bounded")
struct FindingLimitTests {
    static let maxDraftBytes = 262_144

    /// The example draft with `count` unknown top-level keys named by `key(index)`.
    static func draft(unknownKeys count: Int, key: (Int) -> String = { "extra\($0)" }) -> [UInt8] {
        var object = TestSupport.example("azure-technical-customer").objectValue!
        for index in 0..<count { object.append(key(index), .number(JSONNumber(Int64(1)))) }
        return Array(JSONWriter.compact(.object(object)).utf8)
    }

    /// As many distinct short keys as fit in `maxDraftBytes`: `{"apiVersion":…,"k0":0,"k1":0,…}`.
    static func keyPackedDraft() -> (bytes: [UInt8], keys: Int) {
        var bytes = Array(#"{"apiVersion":"supportgate/v1","partnerTenantId":"\#(T.contoso)""#.utf8)
        var keys = 0
        while true {
            let member = Array(",\"\(String(keys, radix: 36))\":0".utf8)
            guard bytes.count + member.count + 1 <= maxDraftBytes else { break }
            bytes += member
            keys += 1
        }
        bytes.append(UInt8(ascii: "}"))
        return (bytes, keys)
    }

    static func encodedSize(_ result: DecisionResult) -> Int {
        var bytes: [UInt8] = []
        JSONWriter.write(result.json, pretty: true, into: &bytes)
        return bytes.count
    }

    @Test("one finding past the cap: the first 100 kept, the 101st replaced by FINDINGS_TRUNCATED that counts it")
    func capExactlyOnePast() {
        let result = TestSupport.decide(bytes: Self.draft(unknownKeys: FindingLimits.maxFindings + 1))
        let errors = result.decision.errors
        #expect(errors.count == FindingLimits.maxFindings + 1)
        #expect(errors.dropLast().allSatisfy { $0.code == .draftSchemaInvalid })
        #expect(errors.last?.code == .findingsTruncated)
        #expect(errors.last?.message.hasPrefix("1 more finding not listed") == true)
        #expect(errors.last?.rule == .readSchema)
        // The first ones are kept in order: extra0 … extra99.
        #expect(errors.first?.field?.description == "/extra0")
        #expect(errors[FindingLimits.maxFindings - 1].field?.description == "/extra99")
    }

    @Test("near miss: exactly 100 findings are all listed, with no FINDINGS_TRUNCATED")
    func nearMissAtTheCap() {
        let result = TestSupport.decide(bytes: Self.draft(unknownKeys: FindingLimits.maxFindings))
        #expect(result.decision.errors.count == FindingLimits.maxFindings)
        #expect(!result.decision.errors.contains { $0.code == .findingsTruncated })
    }

    @Test("a 256 KiB key-packed draft decides quickly, with a result under 1 MB that counts every finding")
    func keyPacked() {
        let (bytes, keys) = Self.keyPackedDraft()
        #expect(bytes.count <= Self.maxDraftBytes && keys > 30_000)
        let start = ContinuousClock.now
        let result = TestSupport.decide(bytes: bytes)
        let elapsed = ContinuousClock.now - start
        let size = Self.encodedSize(result)
        #expect(size <= 1_000_000, "result is \(size) bytes")
        #expect(size <= FindingLimits.maxEncodedFindingsBytes + 4_096)
        #expect(result.decision.errors.count == FindingLimits.maxFindings + 1)
        // Every key is unknown, and product and category are missing: keys + 2 problems.
        let omitted = keys + 2 - FindingLimits.maxFindings
        #expect(result.decision.errors.last?.message.hasPrefix("\(omitted) more findings not listed") == true,
                "\(result.decision.errors.last?.message ?? "")")
        // Before the cap, a debug build took several seconds and 19 MB; the bound is generous
        // for a shared, noisy machine.
        #expect(elapsed < .seconds(3), "took \(elapsed)")
    }

    @Test("findings the engine makes are capped too (one CONTACT_NOT_PARTNER per address)")
    func engineFindingsCapped() {
        let path = "\(azureProperties)/contactDetails/additionalEmailAddresses"
        func decide(addresses count: Int) -> DecisionResult {
            Variant(edits: [.set(path, .array((0..<count).map { .string("someone\($0)@example.org") }))]).decide()
        }
        // The example's own findings (warnings) count towards the cap as well.
        let own = decide(addresses: 0).decision
        let room = FindingLimits.maxFindings - own.errors.count - own.warnings.count
        let over = decide(addresses: room + 1).decision
        #expect(over.errors.count + over.warnings.count == FindingLimits.maxFindings + 1)
        #expect(over.errors.last?.code == .findingsTruncated)
        #expect(over.errors.last?.rule == .contact)
        #expect(over.errors.last?.message.hasPrefix("1 more finding not listed") == true)
        let near = decide(addresses: room).decision
        #expect(near.errors.count + near.warnings.count == FindingLimits.maxFindings)
        #expect(!near.errors.contains { $0.code == .findingsTruncated })
    }

    @Test("hostile keys (long, control characters, '/' and '~') keep every text bounded and the pointer valid",
          arguments: ["long key", "control characters", "slashes and tildes", "quotes and backslashes"])
    func hostileKeys(what: String) {
        let key = switch what {
        case "long key": String(repeating: "k", count: 2_000)
        case "control characters": String(repeating: "\u{1}", count: 2_000)
        case "slashes and tildes": String(repeating: "/~", count: 1_000)
        default: String(repeating: "\"\\", count: 1_000)
        }
        let bytes = Self.draft(unknownKeys: 120) { "\($0)\(key)" }
        let result = TestSupport.decide(bytes: bytes)
        for finding in result.decision.errors {
            #expect(FindingLimits.encodedSize(finding.message) <= FindingLimits.maxTextBytes, "\(what)")
            #expect(FindingLimits.encodedSize(finding.remedy) <= FindingLimits.maxTextBytes, "\(what)")
            if let field = finding.field {
                #expect(FindingLimits.encodedSize(field.description) <= FindingLimits.maxFieldBytes, "\(what)")
            }
        }
        let keyed = result.decision.errors.first { $0.code == .draftSchemaInvalid }
        // Too long to point at, the key's finding points at the object that holds it.
        #expect(keyed?.field == .root, "\(what): \(keyed?.field?.description ?? "nil")")
        #expect(keyed?.message.contains(FindingLimits.truncationMarker) == true, "\(what)")
        #expect(Self.encodedSize(result) <= FindingLimits.maxEncodedFindingsBytes + 4_096, "\(what)")
    }

    @Test("near miss: a key short enough is quoted whole and pointed at exactly")
    func shortKeyKept() {
        let result = TestSupport.decide(bytes: Self.draft(unknownKeys: 1) { _ in "a/b~c" })
        let finding = result.decision.errors.first
        #expect(finding?.field?.description == "/a~1b~0c")
        #expect(finding?.message == "unknown field \"a/b~c\" in the draft")
    }

    @Test("texts are cut on a scalar boundary within the limit, with the marker")
    func textBound() {
        let text = String(repeating: "é", count: 1_000)
        let cut = FindingLimits.bounded(text)
        #expect(cut.hasSuffix(FindingLimits.truncationMarker))
        #expect(cut.utf8.count <= FindingLimits.maxTextBytes)
        #expect(FindingLimits.bounded("short") == "short")
    }

    @Test("golden: a truncated result, byte for byte (Golden/findings-truncated.*)")
    func goldenTruncated() throws {
        // One unknown key with "<0>", a control character and 200 more letters (quoted cut
        // short), then 104 more unknown keys.
        let folder = TestSupport.goldenFolder
        let draft = try Data(contentsOf: folder.appendingPathComponent("findings-truncated.draft.json"))
        let result = TestSupport.decide(bytes: [UInt8](draft), at: try #require(.parseRFC3339("2026-11-24T18:00:00Z")))
        let expected = try String(contentsOf: folder.appendingPathComponent("findings-truncated.expected.json"), encoding: .utf8)
        #expect(JSONWriter.pretty(result.json) + "\n" == expected,
                "regenerate with: supportgate check --config Config/supportgate.toml --at 2026-11-24T18:00:00Z --format pretty, and review the diff")
    }
}
