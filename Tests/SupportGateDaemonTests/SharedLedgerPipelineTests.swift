import BusinessCalendar
import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import SupportGateDaemon
@testable import SupportGateLedger
@testable import SupportGateSpool
import SupportGateSystemd
import SupportGateTestKit
import Testing

/// Two gates on two spools sharing one PostgreSQL ledger: a draft id is decided once,
/// whichever gate gets it first; the other writes that decision as its result.
@Suite("Gates sharing a PostgreSQL ledger", .serialized,
       .enabled(if: ProcessInfo.processInfo.environment["SUPPORTGATE_TEST_POSTGRES_URL"] != nil, "needs SUPPORTGATE_TEST_POSTGRES_URL (Scripts/test.sh sets it)"))
struct SharedLedgerPipelineTests {
    static let url = ProcessInfo.processInfo.environment["SUPPORTGATE_TEST_POSTGRES_URL"] ?? ""
    /// Draft ids are per partner, and every test uses Contoso: ids of their own keep runs apart.
    let run = UUID().uuidString.prefix(8).lowercased()
    /// Contoso's premier incidents, enough for every run against one database.
    static let manyIncidents = ["\"incidents\": 20": "\"incidents\": 1000000"]

    private func gates(_ purpose: String, batchSize: Int = 256) throws -> (PipelineHarness, PipelineHarness) {
        (try PipelineHarness("\(purpose) A", batchSize: batchSize, directoryChanges: Self.manyIncidents, ledgerURL: Self.url),
         try PipelineHarness("\(purpose) B", batchSize: batchSize, directoryChanges: Self.manyIncidents, ledgerURL: Self.url))
    }

    private func inUse() throws -> Int {
        try PostgresLedger(url: Self.url).inUse(partner: PipelineHarness.contoso, entitlement: "contoso-premier-2026")
    }

    private func codes(_ result: [String: Any]?) -> [String] {
        ((result?["errors"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String }
    }

    @Test("the same draft dropped at two gates is accepted once: the second writes the first one's acceptance, byte for byte, and consumes nothing; a rejection takes nothing and each gate decides it")
    func decidedOnce() throws {
        let (first, second) = try gates("once")
        let free = "free-\(run)", premier = "premier-\(run)", rejected = "bad-\(run)"
        let before = try inUse()
        for harness in [first, second] {
            try harness.drop(id: free)
            try harness.drop(id: premier, example: LedgerPipelineTests.premier)
            // Rejected for a rule (a customer Contoso does not have): takes no id, so each
            // gate decides it itself.
            let unknownCustomer = try String(decoding: PipelineHarness.draft(id: rejected, example: "azure-billing-customer"), as: UTF8.self)
                .replacingOccurrences(of: "600d9000-0000-4000-8000-00000000c003", with: "600d9000-0000-4000-8000-0000000bad00")
            try harness.drop(Data(unknownCustomer.utf8), as: "\(rejected).json")
        }
        first.settle()
        second.settle()
        for id in [free, premier] {
            let bytes = first.resultBytes(id)
            #expect(bytes != nil)
            #expect(second.resultBytes(id) == bytes, "\(id): the second gate's result is the first one's")
        }
        #expect(first.result(rejected)?["decision"] as? String == "reject")
        #expect(second.result(rejected)?["decision"] as? String == "reject")
        #expect(try inUse() == before + 1, "one incident for the premier draft, however many gates saw it")
        #expect(first.decidedIds.sorted() == [free, premier, rejected].sorted())
        #expect(second.decidedIds == [rejected], "the second gate decided only the rejection itself")
        let adopted = second.entries(.decisionAdopted)
        #expect(adopted.flatMap { $0.values("DRAFT_ID") }.sorted() == [free, premier].sorted())
        #expect(Set(adopted.flatMap { $0.values("DECIDED_BY") }) == [GateIdentity(spoolRoot: first.root).name])
        #expect(adopted.allSatisfy { $0.values("DECISION_ID").first == first.result($0.values("DRAFT_ID").first ?? "")?["decisionId"] as? String })
        // Again at the second gate: a repeat of the same acceptance, nothing consumed.
        try second.drop(id: free)
        second.settle()
        #expect(second.entries(.decisionAdopted).count == 3)
        #expect(try inUse() == before + 1)
    }

    @Test("an acceptance is kept without its submission, which the adopting gate rebuilds from its own copy of the bytes, byte for byte, even where its own directory rejects the draft")
    func submissionRebuilt() throws {
        let first = try PipelineHarness("rebuilt A", directoryChanges: Self.manyIncidents, ledgerURL: Self.url)
        // Every partner suspended at the second gate: it rejects the draft itself (a rule
        // after the submitter check, so the id is used up), and has no submission of its own.
        let suspended = Self.manyIncidents.merging(["\"status\": \"active\"": "\"status\": \"suspended\""]) { $1 }
        let second = try PipelineHarness("rebuilt B", directoryChanges: suspended, ledgerURL: Self.url)
        let premier = "rebuilt-\(run)", free = "rebuilt-free-\(run)"
        for harness in [first, second] {
            try harness.drop(id: premier, example: LedgerPipelineTests.premier)
            try harness.drop(id: free)
        }
        first.settle()
        for id in [premier, free] {
            #expect(first.result(id)?["submission"] != nil)
            let row = try PostgresLedger(url: Self.url).connection.query(
                "SELECT result FROM accepted_draft WHERE partner_tenant_id = $1 AND draft_id = $2", [PipelineHarness.contoso, id]).first?[0] ?? nil
            #expect(row?.contains("\"decision\":\"accept\"") == true)
            #expect(row?.contains("submission") == false, "the ledger keeps the result without it")
        }
        second.settle()
        for id in [premier, free] {
            #expect(second.resultBytes(id) != nil)
            #expect(second.resultBytes(id) == first.resultBytes(id), "\(id): the first gate's acceptance, submission and all")
        }
        #expect(second.decidedIds.isEmpty)
        // Near miss: a rejection (the second gate's partners are suspended) takes no id, so
        // the first gate, where the partner is active, decides the same draft anew and accepts it.
        let rejected = "rebuilt-rejected-\(run)"
        try second.drop(id: rejected)
        second.settle()
        #expect(second.result(rejected)?["decision"] as? String == "reject")
        #expect(second.result(rejected)?["submission"] == nil)
        try first.drop(id: rejected)
        first.settle()
        #expect(first.result(rejected)?["decision"] as? String == "accept")
        #expect(first.decidedIds.contains(rejected))
    }

    @Test("hostile: other bytes under an id another gate decided are a DRAFT_DUPLICATE that says so, and take nothing from the first result")
    func otherBytesElsewhere() throws {
        let (first, second) = try gates("other bytes")
        let id = "taken-\(run)"
        try first.drop(id: id, example: LedgerPipelineTests.premier)
        first.settle()
        let original = first.resultBytes(id)
        let before = try inUse()
        try second.drop(id: id)  // the billing draft under the premier draft's id
        second.settle()
        #expect(first.resultBytes(id) == original)
        let duplicate = second.files(.rejected).first { $0.hasPrefix("\(id).dup-") }
        #expect(duplicate != nil, "written beside, under a dup name")
        #expect(second.result(id) == nil, "the id's own name stays free at the second gate")
        let entry = second.entries(.draftRejected).first
        #expect(entry?.values("REASON_CODES") == ["DRAFT_DUPLICATE"])
        #expect(entry?.values("FINDING").first?.contains("was already accepted for a draft with different content") == true)
        #expect(try inUse() == before)
    }

    @Test("hostile: the same bytes from another submitter of the partner at another gate are a DRAFT_DUPLICATE, not that submitter's result",
          .enabled(if: getuid() == 0, "needs root to drop a draft as uid 1001"))
    func otherSubmitterElsewhere() throws {
        let (first, second) = try gates("other submitter")
        let id = "colleague-\(run)"
        try first.drop(id: id)
        first.settle()
        try second.drop(id: id)
        #expect(chown("\(second.root)/incoming/\(id).json", 1001, 1001) == 0)
        second.settle()
        #expect(second.result(id) == nil)
        let entry = second.entries(.draftRejected).first
        #expect(entry?.values("REASON_CODES") == ["DRAFT_DUPLICATE"])
        #expect(entry?.values("FINDING").first?.contains("another submitter") == true)
        #expect(second.entries(.decisionAdopted).isEmpty)
    }

    @Test("a result removed by hand is written again as the ledger recorded it; near miss: once ledger prune forgets the id, it is decided anew")
    func ownDecisionForgotten() throws {
        let (first, second) = try gates("anew")
        let id = "pruned-\(run)"
        try first.drop(id: id)
        first.settle()
        let old = first.result(id)?["decisionId"] as? String
        let removeResult = {
            for top in ["accepted", "rejected"] { try? FileManager.default.removeItem(atPath: "\(first.root)/\(top)/\(PipelineHarness.contoso)/\(id).json") }
        }
        removeResult()
        first.clock.advance(milliseconds: 60_000)
        try first.drop(id: id)
        first.settle()
        #expect(first.result(id)?["decisionId"] as? String == old, "the decision another gate may hold, not a second one")
        removeResult()
        let cutoff = Timestamp(secondsSinceEpoch: Int64(Date().timeIntervalSince1970) + 3_600).rfc3339
        let forgotten = try PostgresLedger(url: Self.url).prune(decidedBefore: cutoff)
        #expect(forgotten >= 1)
        first.clock.advance(milliseconds: 60_000)
        try first.drop(id: id)
        first.settle()
        let new = first.result(id)?["decisionId"] as? String
        #expect(new != nil && new != old, "forgotten by prune: decided anew, as without the ledger")
        try second.drop(id: id)
        second.settle()
        #expect(second.result(id)?["decisionId"] as? String == new)
    }

    @Test("a crash between the ledger's commit and the result's rename: the gate writes the decision it committed, the one another gate already adopted")
    func committedThenCrashed() throws {
        let (first, second) = try gates("crash")
        let id = "crash-\(run)"
        let before = try inUse()
        try first.drop(id: id, example: LedgerPipelineTests.premier)
        let renameFails = PipelineTests.Switch()
        first.daemon.committer.injectedRenameFault = { _ in renameFails.on ? EIO : 0 }
        first.turn()
        first.turn()
        #expect(first.entries(.spoolFault).count == 1)
        #expect(first.result(id) == nil)
        // The same bytes dropped again at the first gate: after the fault, either drop may be
        // decided first, and both must get the committed decision.
        try first.drop(PipelineHarness.draft(id: id, example: LedgerPipelineTests.premier), as: "\(id)-again.json")
        try second.drop(id: id, example: LedgerPipelineTests.premier)
        second.settle()
        let adopted = second.result(id)?["decisionId"] as? String
        #expect(adopted != nil && second.entries(.decisionAdopted).count == 1, "the committed decision stands for the other gate")

        renameFails.on = false
        first.clock.advance(milliseconds: 60_000)
        first.settle()
        #expect(first.result(id)?["decisionId"] as? String == adopted, "not decided anew: both spools hold one decision")
        #expect(first.resultBytes(id) == second.resultBytes(id))
        #expect(first.entries(.decisionAdopted).first?.values("DECIDED_BY") == [GateIdentity(spoolRoot: first.root).name])
        #expect(first.decidedIds.isEmpty)
        #expect(try inUse() == before + 1)
        let consumption = try PostgresLedger(url: Self.url).recent(partner: PipelineHarness.contoso, limit: 1_000_000).first { $0.draftId == id }
        #expect(consumption?.decisionId == adopted)
    }

    @Test("two gates racing with the same 200 drafts, in small batches: each id decided once, both spools hold the same decision")
    func racingGates() throws {
        let (first, second) = try gates("race", batchSize: 7)
        let ids = (0..<200).map { "race-\(run)-\($0)" }
        let before = try inUse()
        for harness in [first, second] {
            for (index, id) in ids.enumerated() { try harness.drop(id: id, example: index.isMultiple(of: 2) ? LedgerPipelineTests.premier : "azure-billing-own") }
        }
        let both = UncheckedPair(first, second)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            (index == 0 ? both.first : both.second).settle(maxTurns: 10_000)
        }
        for harness in [first, second] {
            for fault in harness.entries(.spoolFault) { Issue.record("fault: \(fault.message)") }
        }
        for id in ids {
            let decision = first.result(id)?["decisionId"] as? String
            #expect(decision != nil && decision == second.result(id)?["decisionId"] as? String, "\(id)")
        }
        let decidedAtBoth = Set(first.decidedIds).intersection(second.decidedIds)
        #expect(decidedAtBoth.isEmpty, "no id decided by both gates")
        #expect(first.decidedIds.count + second.decidedIds.count == ids.count)
        #expect(first.entries(.decisionAdopted).count + second.entries(.decisionAdopted).count == ids.count)
        #expect(try inUse() == before + 100)
    }
}

/// Two harnesses handed to two threads; each thread touches only its own.
private struct UncheckedPair: @unchecked Sendable {
    let first: PipelineHarness
    let second: PipelineHarness

    init(_ first: PipelineHarness, _ second: PipelineHarness) {
        self.first = first
        self.second = second
    }
}
