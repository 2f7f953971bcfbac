#if canImport(Glibc)
import Glibc
#endif
import StrictJSON
import SupportGateCore
import SupportGateLedger
@testable import SupportGateSpool
import SupportGateTestKit
import Testing

/// Contract §7, the ledger's rules, as a submitter sees them through the spool: one set of
/// tests run against SQLite and PostgreSQL. Each drops drafts as chosen uids (root chowns
/// them): 1001 and 1011 are Contoso's submitters, 1003 Fabrikam's.
@Suite("Ledger contract (§7): SQLite and PostgreSQL", .serialized, .enabled(if: getuid() == 0, "drops drafts as other uids (chown): needs root"))
struct LedgerContractTests {
    typealias Gate = ContractGate
    let contoso = ContractGate.contoso

    @Test("counts: allowance N takes N acceptances, the next is ENTITLEMENT_EXHAUSTED; a draft that consumes nothing is still accepted", arguments: LedgerKind.available)
    func countsDown(_ kind: LedgerKind) throws {
        let bench = try ContractBench(kind, gate: Gate.load(allowance: 2))
        #expect(try bench.decide(Gate.premierDraft(id: "x1"), as: "x1.json", uid: Gate.owner).accepted)
        #expect(try bench.decide(Gate.premierDraft(id: "x2"), as: "x2.json", uid: Gate.colleague).accepted)
        #expect(try bench.inUse() == 2)
        let third = try bench.decide(Gate.premierDraft(id: "x3"), as: "x3.json", uid: Gate.owner)
        #expect(!third.accepted && third.codes == ["ENTITLEMENT_EXHAUSTED"], "\(third)")
        #expect(third.resultPath == "rejected/\(contoso)/x3.json")
        #expect(try bench.inUse() == 2 && bench.row("x3") == nil)
        let free = try bench.decide(Gate.customerDraft(id: "c1", knownCustomer: true), as: "c1.json", uid: Gate.owner)
        #expect(free.accepted, "near miss: consumes no incident: \(free)")
        #expect(try bench.row("c1")?.entitlementId == nil && bench.inUse() == 2)
    }

    @Test("counts: a draft naming no entitlement id falls to the partner's next premier entitlement once the first is used up, then is exhausted", arguments: LedgerKind.available)
    func fallsToAnotherEntitlement(_ kind: LedgerKind) throws {
        let bench = try ContractBench(kind, gate: Gate.load(allowance: 1, secondAllowance: 1))
        #expect(try bench.decide(Gate.premierDraft(id: "a1", anyPremier: true), as: "a1.json", uid: Gate.owner).accepted)
        #expect(try bench.row("a1")?.entitlementId == Gate.premier)
        let second = try bench.decide(Gate.premierDraft(id: "a2", anyPremier: true), as: "a2.json", uid: Gate.owner)
        #expect(second.accepted, "\(second)")
        #expect(try bench.row("a2")?.entitlementId == Gate.secondPremier)
        #expect(bench.result("accepted/\(contoso)/a2.json")?["billing"]?.objectValue?["entitlementId"]?.stringValue == Gate.secondPremier,
                "the result says which entitlement it used")
        let third = try bench.decide(Gate.premierDraft(id: "a3", anyPremier: true), as: "a3.json", uid: Gate.owner)
        #expect(!third.accepted && third.codes == ["ENTITLEMENT_EXHAUSTED"], "\(third)")
        #expect(try bench.inUse(Gate.premier) == 1 && bench.inUse(Gate.secondPremier) == 1)
    }

    @Test("identical repeat by the same uid: the same decision id, its result written again once deleted, nothing consumed again, also after a release", arguments: LedgerKind.available)
    func sameSubmitterRepeat(_ kind: LedgerKind) throws {
        let bench = try ContractBench(kind, gate: Gate.load(allowance: 1))
        let bytes = try Gate.premierDraft(id: "d1")
        let first = try bench.decide(bytes, as: "d1.json", uid: Gate.owner)
        #expect(first.accepted && first.resultPath == "accepted/\(contoso)/d1.json", "\(first)")
        let path = "accepted/\(contoso)/d1.json"
        // Near miss: the result still there.
        let kept = try bench.decide(bytes, as: "d1-again.json", uid: Gate.owner)
        #expect(kept.accepted && kept.decisionId == first.decisionId && kept.adopted, "\(kept)")
        #expect(bench.result(path)?.decisionId == first.decisionId)
        try bench.remove(path)
        let rewritten = try bench.decide(bytes, as: "d1-third.json", uid: Gate.owner)
        #expect(rewritten.accepted && rewritten.decisionId == first.decisionId, "\(rewritten)")
        #expect(bench.result(path)?.decisionId == first.decisionId, "the result written again")
        #expect(bench.result(path)?["submission"]?.objectValue != nil, "with its submission rebuilt")
        #expect(try bench.inUse() == 1)
        #expect(try bench.ledger.release(decisionId: first.decisionId, reason: "not counted", at: "2026-11-25T00:00:00Z")?.releasedNow == true)
        #expect(try bench.inUse() == 0)
        try bench.remove(path)
        let afterRelease = try bench.decide(bytes, as: "d1-fourth.json", uid: Gate.owner)
        #expect(afterRelease.accepted && afterRelease.decisionId == first.decisionId, "\(afterRelease)")
        #expect(try bench.inUse() == 0, "released: a repeat does not take it again")
        #expect(try bench.decide(Gate.premierDraft(id: "d2"), as: "d2.json", uid: Gate.owner).accepted, "the incident given back is there for another draft")
        #expect(try bench.inUse() == 1)
    }

    @Test("colleague takeover: another uid of the partner with the same bytes is DRAFT_DUPLICATE before and after the results are pruned; the owner's repeat still gets its acceptance", arguments: LedgerKind.available)
    func colleagueTakeover(_ kind: LedgerKind) throws {
        let bench = try ContractBench(kind, gate: Gate.load(allowance: 1))
        let bytes = try Gate.premierDraft(id: "t1")
        let sha16 = String(SHA256.hex(SHA256.hash(bytes)).prefix(16))
        let owner = try bench.decide(bytes, as: "t1.json", uid: Gate.owner)
        #expect(owner.accepted)
        let duplicateName = "rejected/\(contoso)/t1.dup-\(sha16)-u\(Gate.colleague).json"
        let colleague = try bench.decide(bytes, as: "t1.json", uid: Gate.colleague)
        #expect(!colleague.accepted && colleague.codes == ["DRAFT_DUPLICATE"] && colleague.resultPath == duplicateName, "\(colleague)")
        #expect(bench.result("accepted/\(contoso)/t1.json")?.decisionId == owner.decisionId, "the acceptance stands")
        // spool prune: both results gone.
        try bench.remove("accepted/\(contoso)/t1.json")
        try bench.remove(duplicateName)
        let again = try bench.decide(bytes, as: "t1.json", uid: Gate.colleague)
        #expect(!again.accepted && again.codes == ["DRAFT_DUPLICATE"], "still a duplicate once the results are pruned: \(again)")
        #expect(!bench.exists("accepted/\(contoso)/t1.json"), "the colleague gets no acceptance written")
        let ownerAgain = try bench.decide(bytes, as: "t1.json", uid: Gate.owner)
        #expect(ownerAgain.accepted && ownerAgain.decisionId == owner.decisionId, "\(ownerAgain)")
        #expect(bench.result("accepted/\(contoso)/t1.json")?.decisionId == owner.decisionId, "rewritten")
        #expect(try bench.inUse() == 1)
        #expect(try bench.ledger.release(decisionId: owner.decisionId, reason: "filed twice", at: "2026-11-25T00:00:00Z")?.releasedNow == true)
        #expect(try bench.inUse() == 0)
    }

    @Test("release, prune, repeat: the released draft's repeat gets its first acceptance and never a second incident (used 1 of 1)", arguments: LedgerKind.available)
    func releasePruneRepeat(_ kind: LedgerKind) throws {
        let bench = try ContractBench(kind, gate: Gate.load(allowance: 1))
        let x = try Gate.premierDraft(id: "x")
        let first = try bench.decide(x, as: "x.json", uid: Gate.owner)
        #expect(first.accepted)
        _ = try bench.ledger.release(decisionId: first.decisionId, reason: "not counted", at: "2026-11-25T00:00:00Z")
        #expect(try bench.decide(Gate.premierDraft(id: "y"), as: "y.json", uid: Gate.owner).accepted, "y takes the incident given back")
        for result in bench.results { try bench.remove(result) }
        let repeated = try bench.decide(x, as: "x.json", uid: Gate.owner)
        #expect(repeated.accepted && repeated.decisionId == first.decisionId, "\(repeated)")
        #expect(try bench.inUse() == 1, "used 1 of 1, never 2")
        let counted = try bench.ledger.recent(partner: contoso, entitlement: Gate.premier, limit: 10).filter { $0.releasedAt == nil }
        #expect(counted.map(\.draftId) == ["y"])
    }

    @Test("other bytes under an accepted id: DRAFT_DUPLICATE beside the acceptance, nothing consumed; near miss: the same bytes under a new id are accepted", arguments: LedgerKind.available)
    func otherBytesUnderAcceptedId(_ kind: LedgerKind) throws {
        let bench = try ContractBench(kind, gate: Gate.load(allowance: 3))
        let first = try bench.decide(Gate.premierDraft(id: "o1"), as: "o1.json", uid: Gate.owner)
        let changed = try Gate.premierDraft(id: "o1", variant: 1)
        let sha16 = String(SHA256.hex(SHA256.hash(changed)).prefix(16))
        for uid in [Gate.owner, Gate.colleague] {
            let duplicate = try bench.decide(changed, as: "o1.json", uid: uid)
            #expect(!duplicate.accepted && duplicate.codes == ["DRAFT_DUPLICATE"], "\(duplicate)")
            #expect(duplicate.resultPath == "rejected/\(contoso)/o1.dup-\(sha16)-u\(uid).json")
        }
        #expect(bench.result("accepted/\(contoso)/o1.json")?.decisionId == first.decisionId)
        #expect(try bench.inUse() == 1 && bench.row("o1")?.decisionId == first.decisionId)
        #expect(try bench.decide(Gate.premierDraft(id: "o2", variant: 1), as: "o2.json", uid: Gate.owner).accepted)
        #expect(try bench.inUse() == 2)
    }

    @Test("retry after CUSTOMER_UNKNOWN: the rejection takes nothing; the corrected draft under the same id is accepted and the stale rejection removed", arguments: LedgerKind.available)
    func retryCorrected(_ kind: LedgerKind) throws {
        let bench = try ContractBench(kind, gate: Gate.load(allowance: 1))
        let rejection = try bench.decide(Gate.customerDraft(id: "r1", knownCustomer: false), as: "r1.json", uid: Gate.owner)
        #expect(!rejection.accepted && rejection.codes.contains("CUSTOMER_UNKNOWN") && rejection.resultPath == "rejected/\(contoso)/r1.json", "\(rejection)")
        #expect(try bench.row("r1") == nil, "a rejection takes no row")
        let again = try bench.decide(Gate.customerDraft(id: "r1", knownCustomer: false), as: "r1.json", uid: Gate.colleague)
        #expect(!again.accepted && again.codes.contains("CUSTOMER_UNKNOWN"), "identical, by a colleague: decided anew, not a duplicate: \(again)")
        #expect(bench.result("rejected/\(contoso)/r1.json")?.decisionId == again.decisionId && again.decisionId != rejection.decisionId,
                "the newest rejection replaces the first")
        let corrected = try bench.decide(Gate.customerDraft(id: "r1", knownCustomer: true), as: "r1.json", uid: Gate.owner)
        #expect(corrected.accepted && corrected.resultPath == "accepted/\(contoso)/r1.json", "\(corrected)")
        #expect(!bench.exists("rejected/\(contoso)/r1.json"), "the stale rejection removed")
        #expect(try bench.row("r1")?.decisionId == corrected.decisionId)
    }

    @Test("retry after a fixed cause: the same bytes rejected CUSTOMER_UNKNOWN are accepted once the directory has the customer (a reload), with no new id", arguments: LedgerKind.available)
    func retryAfterFix(_ kind: LedgerKind) throws {
        let bench = try ContractBench(kind, gate: Gate.load(allowance: 1))
        let bytes = try Gate.customerDraft(id: "late", knownCustomer: false)
        let rejection = try bench.decide(bytes, as: "late.json", uid: Gate.owner)
        #expect(rejection.codes.contains("CUSTOMER_UNKNOWN") && rejection.resultPath == "rejected/\(contoso)/late.json", "\(rejection)")
        bench.reload(try Gate.load(allowance: 1, extraCustomer: true))
        let accepted = try bench.decide(bytes, as: "late.json", uid: Gate.owner)
        #expect(accepted.accepted && accepted.resultPath == "accepted/\(contoso)/late.json", "\(accepted)")
        #expect(!bench.exists("rejected/\(contoso)/late.json"), "only the newest result stands")
        #expect(try bench.row("late")?.decisionId == accepted.decisionId)
    }

    @Test("retry after ENTITLEMENT_EXHAUSTED: identical drops are decided anew each time, and accepted once an incident is given back", arguments: LedgerKind.available)
    func retryIdentical(_ kind: LedgerKind) throws {
        let bench = try ContractBench(kind, gate: Gate.load(allowance: 1))
        let x = try bench.decide(Gate.premierDraft(id: "x"), as: "x.json", uid: Gate.owner)
        let y = try Gate.premierDraft(id: "y")
        let exhausted = try bench.decide(y, as: "y.json", uid: Gate.owner)
        #expect(exhausted.codes == ["ENTITLEMENT_EXHAUSTED"] && exhausted.resultPath == "rejected/\(contoso)/y.json")
        let stillExhausted = try bench.decide(y, as: "y.json", uid: Gate.owner)
        #expect(stillExhausted.codes == ["ENTITLEMENT_EXHAUSTED"] && stillExhausted.decisionId != exhausted.decisionId && !stillExhausted.adopted)
        #expect(bench.result("rejected/\(contoso)/y.json")?.decisionId == stillExhausted.decisionId)
        _ = try bench.ledger.release(decisionId: x.decisionId, reason: "not counted", at: "2026-11-25T00:00:00Z")
        let accepted = try bench.decide(y, as: "y.json", uid: Gate.owner)
        #expect(accepted.accepted && accepted.resultPath == "accepted/\(contoso)/y.json", "\(accepted)")
        #expect(!bench.exists("rejected/\(contoso)/y.json"))
        #expect(try bench.inUse() == 1)
    }

    @Test("a stranger (another partner's uid) dropping Contoso's bytes first is SUBMITTER_NOT_AUTHORIZED and takes nothing; Contoso's own drop is then accepted", arguments: LedgerKind.available)
    func strangerFirst(_ kind: LedgerKind) throws {
        let bench = try ContractBench(kind, gate: Gate.load(allowance: 1))
        let bytes = try Gate.premierDraft(id: "s1")
        for _ in 0..<2 {
            let stranger = try bench.decide(bytes, as: "s1.json", uid: Gate.stranger)
            #expect(!stranger.accepted && stranger.codes == ["SUBMITTER_NOT_AUTHORIZED"], "\(stranger)")
            #expect(stranger.resultPath?.contains(contoso) == false, "not on Contoso's shelf: \(stranger)")
        }
        #expect(try bench.row("s1") == nil && bench.inUse() == 0)
        let owner = try bench.decide(bytes, as: "s1.json", uid: Gate.owner)
        #expect(owner.accepted && owner.resultPath == "accepted/\(contoso)/s1.json", "\(owner)")
        #expect(try bench.inUse() == 1)
    }

    @Test("ledger prune forgets only rows decided before the cutoff, and keeps the counts", arguments: LedgerKind.available)
    func ledgerPrune(_ kind: LedgerKind) throws {
        let bench = try ContractBench(kind, gate: Gate.load(allowance: 5))
        let old = try bench.decide(Gate.premierDraft(id: "old"), as: "old.json", uid: Gate.owner)
        let new = try bench.decide(Gate.premierDraft(id: "new"), as: "new.json", uid: Gate.owner)
        #expect(old.accepted && new.accepted)
        let newRow = try #require(try bench.row("new"))
        #expect(try bench.ledger.prune(decidedBefore: try #require(try bench.row("old")).decidedAt) == 0, "near miss: nothing before the oldest")
        #expect(try bench.ledger.prune(decidedBefore: newRow.decidedAt) == 1)
        #expect(try bench.row("old") == nil && bench.row("new")?.decisionId == new.decisionId)
        #expect(try bench.inUse() == 2, "an incident used stays used")
    }

    @Test("a crash between the ledger's commit and the result's rename: the draft stays in processing/, the next batch writes the same acceptance, counts unchanged", arguments: LedgerKind.available)
    func crashAfterCommit(_ kind: LedgerKind) throws {
        let bench = try ContractBench(kind, gate: Gate.load(allowance: 2))
        bench.processor.committer.injectedRenameFault = { name in name.description == "k1.json" ? EIO : 0 }
        try bench.drop(Gate.premierDraft(id: "k1"), as: "k1.json", uid: Gate.owner)
        let crashed = try bench.run()
        #expect(crashed.fault != nil, "the rename failed")
        #expect(bench.processing.count == 1, "the draft stays in processing/")
        #expect(!bench.exists("accepted/\(contoso)/k1.json"))
        let committed = try #require(try bench.row("k1"), "the ledger committed before the rename")
        #expect(try bench.inUse() == 1)
        bench.processor.committer.injectedRenameFault = nil
        let report = try bench.run()
        let verdicts = report.outcomes.compactMap(Verdict.init)
        #expect(verdicts.count == 1 && verdicts.first?.accepted == true && verdicts.first?.decisionId == committed.decisionId, "\(verdicts)")
        #expect(bench.result("accepted/\(contoso)/k1.json")?.decisionId == committed.decisionId)
        #expect(bench.processing.isEmpty)
        #expect(try bench.inUse() == 1, "counted once")
    }

    @Test("a rejected flood takes no rows: strangers' drops and unknown customers leave the ledger empty; near miss: one acceptance takes one", arguments: LedgerKind.available)
    func rejectedFloodTakesNoRows(_ kind: LedgerKind) throws {
        let bench = try ContractBench(kind, gate: Gate.load(allowance: 1))
        var ids: [String] = []
        for index in 0..<20 {
            ids.append("f\(index)")
            try bench.drop(Gate.premierDraft(id: "f\(index)"), as: "f\(index)-s.json", uid: Gate.stranger)
            try bench.drop(Gate.customerDraft(id: "f\(index)", knownCustomer: false), as: "f\(index)-c.json", uid: Gate.owner)
        }
        let report = try bench.run()
        #expect(report.fault == nil && report.outcomes.compactMap(Verdict.init).count == 40)
        #expect(report.outcomes.compactMap(Verdict.init).allSatisfy { !$0.accepted })
        #expect(try bench.rowCount(ids: ids) == 0 && bench.inUse() == 0)
        #expect(try bench.ledger.partners().isEmpty)
        #expect(try bench.decide(Gate.premierDraft(id: "f0"), as: "f0.json", uid: Gate.owner).accepted)
        #expect(try bench.rowCount(ids: ids) == 1)
    }
}
