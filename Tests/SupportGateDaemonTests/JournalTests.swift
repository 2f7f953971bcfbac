import BusinessCalendar
import Foundation
import StrictJSON
import SupportGateConfig
import SupportGateCore
@testable import SupportGateDaemon
@testable import SupportGateSpool
@testable import SupportGateSystemd
import SupportGateTestKit
import Testing

@Suite("Journal entries and back-off")
struct JournalTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func decide(_ example: String) throws -> DecisionResult {
        let gate = try GateLoader.load(configPath: Self.repositoryRoot.appendingPathComponent("Config/supportgate.toml").path).get()
        let bytes = try [UInt8](Data(contentsOf: Self.repositoryRoot.appendingPathComponent("Config/examples/\(example).draft.json")))
        var ledger = InMemoryDecisionHistory()
        return try #require(gate.evaluator.evaluate(bytes, fallbackDraftId: "x", submitter: SubmitterIdentity(uid: 1001),
                                                    at: Timestamp.parseRFC3339("2026-11-24T18:00:00Z")!, history: &ledger).result)
    }

    private func outcome(_ result: DecisionResult) -> DraftOutcome {
        DraftOutcome(originalName: FileName("x.json"), claimName: FileName("1-x.json"), disposition: .decided(result),
                     submitterUID: 1001, resultPath: "accepted/x.json", originalPath: "archive/1-x.json")
    }

    @Test("a decision entry has every field the issue names, each a valid journald name")
    func decisionFields() throws {
        let result = try decide("azure-technical-customer")
        let entry = DecisionJournalEntry.make(result, outcome: outcome(result))
        let names = Set(entry.allFields.map(\.name))
        // REASON_CODES is there on a rejection (next test); an accepted draft has none.
        for required in ["MESSAGE_ID", "DRAFT_ID", "DECISION_ID", "DECISION", "PARTNER_TENANT_ID", "CUSTOMER_TENANT_ID",
                         "CONFIG_REVISION", "SEVERITY", "FIRST_RESPONSE_DUE"] {
            #expect(names.contains(required), "\(required) missing")
        }
        #expect(entry.allFields.allSatisfy { JournalEntry.isValidFieldName($0.name) })
        #expect(entry.messageID == .draftAccepted)
        #expect(entry.values("FINDING").count == result.decision.warnings.count)
    }

    @Test("a rejection lists its reason codes and one FINDING per finding")
    func rejectionFields() throws {
        let result = try decide("azure-own-tenant-csp")
        let entry = DecisionJournalEntry.make(result, outcome: outcome(result))
        #expect(entry.messageID == .draftRejected)
        #expect(entry.values("REASON_CODES") == [result.decision.errors.map(\.code.rawValue).joined(separator: ",")])
        #expect(entry.values("FINDING").count == result.decision.errors.count + result.decision.warnings.count)
        #expect(entry.values("CONCEALED_REASON_CODES").isEmpty)
    }

    @Test("a submitter refused for another partner's draft: the journal says why, the result only SUBMITTER_NOT_AUTHORIZED")
    func concealedReasonInTheJournalOnly() throws {
        // uid 1001 is Contoso's; this draft is Northwind's, so nothing about Northwind is checked or told.
        let result = try decide("azure-customer-via-portal")
        let entry = DecisionJournalEntry.make(result, outcome: outcome(result))
        #expect(entry.values("REASON_CODES") == ["SUBMITTER_NOT_AUTHORIZED"])
        #expect(entry.values("FINDING").count == 1)
        #expect(entry.values("CONCEALED_REASON_CODES") == ["SUBMITTER_NOT_AUTHORIZED"])
        #expect(entry.values("CONCEALED_FINDING").first?.contains("Northwind") == true)
        let file = String(decoding: PreparedDraft.encode(result), as: UTF8.self)
        #expect(!file.contains("Northwind") && !file.contains("CONCEALED") && !file.contains("WRONG_SIGNIN_CONTEXT"))
    }

    /// A rejection with `count` schema findings (unknown keys), as the core decides it.
    private func flooded(_ count: Int) throws -> DecisionResult {
        let gate = try GateLoader.load(configPath: Self.repositoryRoot.appendingPathComponent("Config/supportgate.toml").path).get()
        var object = try #require(try JSONParser.parse([UInt8](Data(contentsOf: Self.repositoryRoot.appendingPathComponent(
            "Config/examples/azure-technical-customer.draft.json")))).objectValue)
        for index in 0..<count { object.append("<0>forged \(index)", .number(JSONNumber(Int64(1)))) }
        var ledger = InMemoryDecisionHistory()
        return try #require(gate.evaluator.evaluate(Array(JSONWriter.compact(.object(object)).utf8), fallbackDraftId: "x",
                                                    submitter: SubmitterIdentity(uid: 1001),
                                                    at: Timestamp.parseRFC3339("2026-11-24T18:00:00Z")!, history: &ledger).result)
    }

    @Test("a 1,000-finding draft is one bounded entry: 20 FINDING fields, FINDINGS_TRUNCATED, and the count")
    func floodedDecisionIsOneBoundedEntry() throws {
        let result = try flooded(1_000)
        let entry = DecisionJournalEntry.make(result, outcome: outcome(result))
        let findings = entry.values("FINDING")
        #expect(findings.count == DecisionJournalEntry.maxFindingFields + 1)
        #expect(findings.last?.hasPrefix("FINDINGS_TRUNCATED [1.schema]: 900 more findings not listed") == true, "\(findings.last ?? "")")
        #expect(entry.values("FINDINGS_COUNT") == ["\(FindingLimits.maxFindings + 1)"])
        #expect(entry.values("FINDINGS_NOT_IN_JOURNAL") == ["\(FindingLimits.maxFindings - DecisionJournalEntry.maxFindingFields)"])
        #expect(entry.omittedFields == 0, "every field the decision needs fits")
        #expect(entry.message == "draft \(result.draftId) rejected: DRAFT_SCHEMA_INVALID (100 times), FINDINGS_TRUNCATED")
        for name in ["MESSAGE_ID", "DRAFT_ID", "DECISION_ID"] {
            #expect(entry.allFields.contains { $0.name == name }, "\(name) missing")
        }
        // sd_journal_sendv takes at most 5 iovecs per field and IOV_MAX is 1024.
        #expect(5 * entry.allFields.count + 3 <= 1_024)
        #expect(entry.allFields.allSatisfy { $0.value.utf8.count <= JournalEntry.maxValueBytes })
    }

    @Test("near miss: a draft with 20 findings lists every one, with no FINDINGS_NOT_IN_JOURNAL")
    func fewFindingsAllLogged() throws {
        let result = try flooded(DecisionJournalEntry.maxFindingFields)
        let entry = DecisionJournalEntry.make(result, outcome: outcome(result))
        let count = result.decision.errors.count + result.decision.warnings.count
        #expect(count == DecisionJournalEntry.maxFindingFields)
        #expect(entry.values("FINDING").count == count)
        #expect(entry.values("FINDINGS_NOT_IN_JOURNAL").isEmpty)
    }

    @Test("an entry keeps at most 64 fields of at most 4 KiB, and says how many it left out")
    func entryBound() {
        var entry = JournalEntry(.draftRejected, String(repeating: "m", count: 10_000))
        for index in 0..<1_000 { entry.add("FINDING", "\(index) " + String(repeating: "v", count: 5_000)) }
        #expect(entry.fields.count == JournalEntry.maxFields)
        #expect(entry.omittedFields == 1_000 - JournalEntry.maxFields)
        #expect(entry.allFields.last?.name == "FIELDS_OMITTED")
        #expect(entry.allFields.last?.value == "\(1_000 - JournalEntry.maxFields)")
        #expect(entry.message.utf8.count <= JournalEntry.maxValueBytes && entry.message.hasSuffix(JournalEntry.truncationMarker))
        #expect(entry.fields.allSatisfy { $0.value.utf8.count <= JournalEntry.maxValueBytes })
        // Near miss: at the limit nothing is left out or cut.
        var full = JournalEntry(.draftRejected, "m")
        for _ in 0..<JournalEntry.maxFields { full.add("FINDING", String(repeating: "v", count: JournalEntry.maxValueBytes)) }
        #expect(full.omittedFields == 0 && !full.allFields.contains { $0.name == "FIELDS_OMITTED" })
        #expect(full.fields.allSatisfy { !$0.value.hasSuffix(JournalEntry.truncationMarker) })
    }

    @Test("entries the journal refuses are counted, and STATUS= can say so")
    func fallbackCounted() {
        struct Refusing: JournalSink { func send(_ entry: JournalEntry) -> Bool { false } }
        struct Taking: JournalSink { func send(_ entry: JournalEntry) -> Bool { true } }
        let refused = FallbackJournal(primary: Refusing(), fallback: MemoryJournal())
        refused.send(JournalEntry(.gateStarted, "one"))
        refused.send(JournalEntry(.gateStarted, "two"))
        #expect(refused.entriesAsPlainLines == 2)
        let taken = FallbackJournal(primary: Taking(), fallback: MemoryJournal())
        taken.send(JournalEntry(.gateStarted, "one"))
        #expect(taken.entriesAsPlainLines == 0)
    }

    @Test("STATUS= says when the journal refused entries that went out as plain lines only")
    func refusedEntriesInStatus() throws {
        let refused = try PipelineHarness("journal refused", journalRefuses: true)
        try refused.drop(id: "refused-1")
        refused.settle()
        #expect(refused.decidedIds == ["refused-1"])
        #expect(refused.daemon.statusLine().contains("JOURNAL REFUSED"), "\(refused.daemon.statusLine())")
        // Near miss: a journal that takes every entry is not mentioned.
        let taken = try PipelineHarness("journal taken")
        try taken.drop(id: "taken-1")
        taken.settle()
        #expect(taken.decidedIds == ["taken-1"])
        #expect(!taken.daemon.statusLine().contains("JOURNAL"), "\(taken.daemon.statusLine())")
    }

    @Test("journald field names", arguments: [
        ("DRAFT_ID", true), ("A", true), ("X9_", true), ("_PID", false), ("9LIVES", false), ("lower", false),
        ("WITH-DASH", false), (String(repeating: "A", count: 64), true), (String(repeating: "A", count: 65), false), ("", false),
    ])
    func fieldNames(_ name: String, _ valid: Bool) {
        #expect(JournalEntry.isValidFieldName(name) == valid)
    }

    @Test("the memory journal keeps entries in order; the fallback takes what the primary refuses")
    func sinks() {
        struct Refusing: JournalSink { func send(_ entry: JournalEntry) -> Bool { false } }
        let memory = MemoryJournal()
        let journal = FallbackJournal(primary: Refusing(), fallback: memory)
        #expect(journal.send(JournalEntry(.gateStarted, "one")))
        #expect(journal.send(JournalEntry(.gateStopping, "two")))
        #expect(memory.entries.map(\.message) == ["one", "two"])
    }

    @Test("stderr lines quote values with spaces, quotes and newlines")
    func quoting() {
        #expect(StandardErrorJournal.quoted("plain") == "plain")
        #expect(StandardErrorJournal.quoted("a b") == "\"a b\"")
        #expect(StandardErrorJournal.quoted("say \"hi\"\nbye") == "\"say \\\"hi\\\"\\nbye\"")
    }

    @Test("after a fault the gate backs off, doubling to 30 s, and clears on success")
    func backoff() {
        var backoff = FaultBackoff()
        #expect(backoff.mayWork(at: 0))
        backoff.failed(at: 0)
        #expect(backoff.delayMilliseconds == 500)
        #expect(!backoff.mayWork(at: 499) && backoff.mayWork(at: 500))
        for _ in 0..<10 { backoff.failed(at: 0) }
        #expect(backoff.delayMilliseconds == 30_000)
        let cleared = backoff.recovered()
        let clearedAgain = backoff.recovered()
        #expect(cleared && !clearedAgain)
        #expect(backoff.mayWork(at: 0))
    }
}
