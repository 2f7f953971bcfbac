import BusinessCalendar
import Foundation
import StrictJSON
import SupportGateConfig
import SupportGateCore
@testable import SupportGateDaemon
@testable import SupportGateSpool
@testable import SupportGateSystemd
import Testing

@Suite("Journal entries and back-off")
struct JournalTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func decide(_ example: String) throws -> DecisionResult {
        let gate = try GateLoader.load(configPath: Self.repositoryRoot.appendingPathComponent("Config/supportgate.toml").path).get()
        let bytes = try [UInt8](Data(contentsOf: Self.repositoryRoot.appendingPathComponent("Config/examples/\(example).draft.json")))
        var ledger = DraftLedger()
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
