import Foundation
#if canImport(Glibc)
import Glibc
#endif
import StrictJSON
import SupportGateCommit
@testable import SupportGateLedger
import SupportGateSpool
import SupportGateTestKit
import Testing

/// A spool written by 0.19.0 holds acceptances its ledger did not keep (or kept without
/// submitter and result): carried over once into the ledger at the gate's first start.
@Suite("Ledger contract (§7): carrying a 0.19.0 spool over", .serialized, .enabled(if: getuid() == 0, "drops drafts as other uids (chown): needs root"))
struct SpoolCarryOverTests {
    typealias Gate = ContractGate

    /// A ledger at 0.19.0's schema holding one consumption, as 0.19.0 recorded it, then opened
    /// (and so migrated) by this gate.
    private func ledger019(_ kind: LedgerKind, in folder: String, consumption: (draftId: String, sha: String, decisionId: String, at: String)) throws -> LedgerLocation {
        let row = "'\(Gate.contoso)', '\(consumption.draftId)', '\(Gate.premier)', '\(consumption.decisionId)', '\(consumption.sha)', '\(consumption.at)', NULL, NULL, NULL"
        switch kind {
        case .sqlite:
            let location = LedgerLocation(path: "\(folder)/ledger-0.19.0.sqlite", url: nil)
            let old = try SQLiteConnection(path: location.path)
            try old.execute(LedgerSQL.sqlite.migrations[0].script)
            try old.execute("PRAGMA user_version = 1; INSERT INTO consumption VALUES (\(row));")
            return location
        case .postgres:
            let location = try kind.fresh(in: folder)
            let old = PostgresConnection(url: try #require(location.url))
            try old.execute(script: LedgerSQL.postgres.migrations[0].script)
            try old.execute(script: """
                CREATE TABLE supportgate_schema (version integer NOT NULL); INSERT INTO supportgate_schema VALUES (3);
                INSERT INTO consumption VALUES (\(row));
                INSERT INTO entitlement_use VALUES ('\(Gate.contoso)', '\(Gate.premier)', 1);
                """)
            return location
        }
    }

    @Test("carried over: the 0.19.0 row gets its submitter and result, an acceptance it lacks is added consuming nothing, twice changes nothing; then the contract holds for both",
          arguments: LedgerKind.available)
    func carryOver(_ kind: LedgerKind) throws {
        let gate = try Gate.load(allowance: 5)
        // The spool as 0.19.0 left it: two acceptances (decided here on a ledger thrown away).
        let old = try ContractBench(kind, gate: gate)
        let counted = try Gate.premierDraft(id: "counted")
        let first = try old.decide(counted, as: "counted.json", uid: Gate.owner)
        let free = try old.decide(Gate.customerDraft(id: "free", knownCustomer: true), as: "free.json", uid: Gate.colleague)
        #expect(first.accepted && free.accepted)
        let stored = try #require(old.result("accepted/\(Gate.contoso)/counted.json"))
        let location = try ledger019(kind, in: old.root, consumption: ("counted", try #require(stored["draftSha256"]?.stringValue), first.decisionId,
                                                                       try #require(stored["decidedAt"]?.stringValue)))
        defer { LedgerKind.discard(location) }
        let bench = try ContractBench(kind, gate: gate, spoolOf: old, location: location, name: "gate-a")
        #expect(try bench.row("counted")?.submitterUID == nil, "0.19.0 kept no submitter")
        let report = try SpoolCarryOver.run(bench.processor.committer, into: bench.ledger, gate: bench.commit.gate, at: "2026-11-25T00:00:00Z")
        #expect(report.read == 2 && report.changed == 2 && report.complete && !report.alreadyDone, "\(report)")
        let row = try #require(try bench.row("counted"))
        #expect(row.submitterUID == Gate.owner && !row.result.isEmpty && row.entitlementId == Gate.premier && row.decisionId == first.decisionId)
        let added = try #require(try bench.row("free"))
        #expect(added.submitterUID == Gate.colleague && added.entitlementId == nil && added.decisionId == free.decisionId)
        #expect(try bench.inUse() == 1, "0.19.0's count, nothing added")
        let again = try SpoolCarryOver.run(bench.processor.committer, into: bench.ledger, gate: bench.commit.gate, at: "2026-11-26T00:00:00Z")
        #expect(again.alreadyDone, "done once per gate")
        let otherGate = try SpoolCarryOver.run(bench.processor.committer, into: bench.ledger, gate: GateIdentity(name: "gate-b:/x/"), at: "2026-11-26T00:00:00Z")
        #expect(otherGate.read == 2 && otherGate.changed == 0, "idempotent: \(otherGate)")
        // The contract on what was carried over: the owner's repeat, after the result was pruned.
        try bench.remove("accepted/\(Gate.contoso)/counted.json")
        let repeated = try bench.decide(counted, as: "counted.json", uid: Gate.owner)
        #expect(repeated.accepted && repeated.decisionId == first.decisionId, "\(repeated)")
        #expect(bench.result("accepted/\(Gate.contoso)/counted.json")?["decisionId"]?.stringValue == first.decisionId)
        let colleague = try bench.decide(counted, as: "counted.json", uid: Gate.colleague)
        #expect(colleague.codes == ["DRAFT_DUPLICATE"], "\(colleague)")
        #expect(try bench.inUse() == 1)
    }

    @Test("a 0.19.0 row whose result file is gone: the owner's repeat keeps its acceptance (nothing can be written again), nothing consumed", arguments: LedgerKind.available)
    func carriedWithoutResult(_ kind: LedgerKind) throws {
        let gate = try Gate.load(allowance: 5)
        let old = try ContractBench(kind, gate: gate)
        let bytes = try Gate.premierDraft(id: "lost")
        let first = try old.decide(bytes, as: "lost.json", uid: Gate.owner)
        let stored = try #require(old.result("accepted/\(Gate.contoso)/lost.json"))
        let location = try ledger019(kind, in: old.root, consumption: ("lost", try #require(stored["draftSha256"]?.stringValue), first.decisionId,
                                                                       try #require(stored["decidedAt"]?.stringValue)))
        defer { LedgerKind.discard(location) }
        try old.remove("accepted/\(Gate.contoso)/lost.json")
        let bench = try ContractBench(kind, gate: gate, spoolOf: old, location: location)
        #expect(try SpoolCarryOver.run(bench.processor.committer, into: bench.ledger, gate: bench.commit.gate, at: "2026-11-25T00:00:00Z").read == 0)
        let repeated = try bench.decide(bytes, as: "lost.json", uid: Gate.colleague)
        #expect(repeated.accepted && repeated.decisionId == first.decisionId && repeated.adopted, "submitter unknown: any of the partner's: \(repeated)")
        #expect(try bench.inUse() == 1)
    }
}
