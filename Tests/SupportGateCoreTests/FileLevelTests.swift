import BusinessCalendar
import Foundation
import StrictJSON
import SupportGateConfig
import SupportGateCore
import SupportGateSpool
import Testing

/// The codes decided before the content: unreadable, too large, duplicate.
@Suite("Rule 1 at the file level, and idempotency")
struct FileLevelTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("supportgate-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    private func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    private var validDraft: [UInt8] {
        Array(JSONWriter.compact(TestSupport.example("azure-technical-customer")).utf8)
    }

    @Test func symlinkIsUnreadableAndNotFollowed() throws {
        let secret = try write("secret.json", validDraft)
        let link = folder.appendingPathComponent("link.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: secret)
        guard case .failure(let finding) = DraftFileReader.read(path: link, maxBytes: 262_144) else {
            Issue.record("a symlink was read")
            return
        }
        #expect(finding.code == .draftUnreadable)
        #expect(finding.message.contains("symbolic link"))
        // Near miss: the regular file itself.
        #expect((try? DraftFileReader.read(path: secret, maxBytes: 262_144).get()) != nil)
    }

    @Test func directoryAndFIFOAreUnreadable() throws {
        let directory = folder.appendingPathComponent("a-directory.json")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        let fifo = folder.appendingPathComponent("pipe.json").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for path in [directory.path, fifo] {
            guard case .failure(let finding) = DraftFileReader.read(path: path, maxBytes: 262_144) else {
                Issue.record("\(path) was read")
                continue
            }
            #expect(finding.code == .draftUnreadable)
        }
    }

    @Test func notUTF8IsUnreadable() {
        var bytes = validDraft
        bytes.insert(0xFF, at: bytes.count - 10)
        let result = TestSupport.decide(bytes: bytes)
        #expect(result.errorCodes == [.draftUnreadable])
        #expect(result.decision.context == nil)
        #expect(TestSupport.decide(bytes: validDraft).errorCodes.isEmpty)
    }

    @Test func sizeLimitIsEnforcedBeforeReading() throws {
        let limit = 1024
        let over = try write("big.json", [UInt8](repeating: UInt8(ascii: " "), count: limit + 1))
        let at = try write("exact.json", [UInt8](repeating: UInt8(ascii: " "), count: limit))
        guard case .failure(let finding) = DraftFileReader.read(path: over, maxBytes: limit) else {
            Issue.record("an oversized draft was read")
            return
        }
        #expect(finding.code == .draftTooLarge)
        #expect(finding.message.contains("1025 bytes"))
        #expect((try? DraftFileReader.read(path: at, maxBytes: limit).get())?.bytes.count == limit)
    }

    @Test func sameIdSameContentGetsTheSameResult() {
        var ledger = InMemoryDecisionHistory()
        let evaluator = TestSupport.exampleGate.evaluator
        let first = evaluator.evaluate(validDraft, fallbackDraftId: "a", submitter: nil, at: TestSupport.instant, history: &ledger).result!
        let again = evaluator.evaluate(validDraft, fallbackDraftId: "a", submitter: nil, at: TestSupport.instant.adding(minutes: 5), history: &ledger).result!
        #expect(again.decisionId == first.decisionId)
        #expect(again.decidedAt == first.decidedAt)
        #expect(!again.allCodes.contains(.draftDuplicate))
    }

    @Test func sameIdDifferentContentIsDuplicate() {
        var ledger = InMemoryDecisionHistory()
        let evaluator = TestSupport.exampleGate.evaluator
        _ = evaluator.evaluate(validDraft, fallbackDraftId: "a", submitter: nil, at: TestSupport.instant, history: &ledger).result!
        let changed = TestSupport.example("azure-technical-customer").applying([.set("azureTicket/properties/title", "changed")])
        let second = evaluator.evaluate(Array(JSONWriter.compact(changed).utf8), fallbackDraftId: "a", submitter: nil,
                                        at: TestSupport.instant, history: &ledger).result!
        #expect(second.errorCodes == [.draftDuplicate])
        #expect(second.decision.errors.first?.field?.description == "/draftId")
        // Near miss: a new id for the changed draft.
        let renamed = changed.applying([.set("draftId", "azure-technical-customer-2")])
        let third = evaluator.evaluate(Array(JSONWriter.compact(renamed).utf8), fallbackDraftId: "a", submitter: nil,
                                       at: TestSupport.instant, history: &ledger).result!
        #expect(!third.allCodes.contains(.draftDuplicate))
    }

    @Test("draft ids derived from file names stay inside [A-Za-z0-9._-]{1,64}", arguments: [
        ("ticket 42.json", "ticket_42"),
        ("../../etc/passwd", ".._.._etc_passwd"),
        ("ｆｕｌｌｗｉｄｔｈ.json", "_________"),
        ("..json", "draft"),
        (String(repeating: "x", count: 300), String(repeating: "x", count: 64)),
        ("nul\u{0}byte.json", "nul_byte"),
    ])
    func derivedDraftIds(_ name: String, _ expected: String) {
        let derived = DraftIdentifier.derive(fromFileName: name)
        #expect(derived == expected)
        #expect(DraftParser.isValidDraftId(derived))
        #expect(!derived.contains("/"))
    }

    @Test func aDraftRejectedBeforeItsIdCouldBeTrustedDoesNotUseTheIdUp() {
        var ledger = InMemoryDecisionHistory()
        let evaluator = TestSupport.exampleGate.evaluator
        let typo = TestSupport.example("azure-technical-customer").applying([.set("categroy", "technical")])
        let first = evaluator.evaluate(Array(JSONWriter.compact(typo).utf8), fallbackDraftId: "a", submitter: nil,
                                       at: TestSupport.instant, history: &ledger).result!
        #expect(first.errorCodes == [.draftSchemaInvalid])
        let fixed = evaluator.evaluate(validDraft, fallbackDraftId: "a", submitter: nil, at: TestSupport.instant, history: &ledger).result!
        #expect(fixed.errorCodes.isEmpty)
    }

    @Test func theDecisionIdDependsOnTheSubmitter() {
        let contoso = TestSupport.decide(bytes: validDraft, submitter: SubmitterIdentity(uid: 1001))
        let other = TestSupport.decide(bytes: validDraft, submitter: SubmitterIdentity(uid: 1003))
        #expect(contoso.decisionId != other.decisionId)
        #expect(TestSupport.decide(bytes: validDraft, submitter: SubmitterIdentity(uid: 1001)).decisionId == contoso.decisionId)
    }

    @Test func aFileThatCannotBeReadHasNoDigest() {
        let result = TestSupport.exampleGate.evaluator.unreadable(
            DraftFileReader.openFailure(ELOOP), fallbackDraftId: "x", at: TestSupport.instant)
        #expect(result.draftDigest == nil)
        #expect(result.json.objectValue?["draftSha256"] == nil)
    }
}
