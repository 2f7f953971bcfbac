import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateCore
import SupportGateLedger
@testable import SupportGateSpool
import Synchronization
import Testing

/// Gates on spools of their own sharing one ledger, each on its own thread and connection,
/// deciding their batches at the same moment: the ledger's locks, not luck, keep the
/// allowance and the ids.
@Suite("Ledger contract (§7): gates racing", .serialized, .enabled(if: getuid() == 0, "drops drafts as other uids (chown): needs root"))
struct LedgerRaceTests {
    typealias Gate = ContractGate

    /// A bench handed to one racing thread: each bench is used by one thread at a time (the
    /// round's thread, joined before the test thread looks at it again), which is why the
    /// unchecked Sendable is safe.
    final class Racer: @unchecked Sendable {
        let bench: ContractBench
        var report = BatchReport()
        init(_ bench: ContractBench) { self.bench = bench }
    }

    /// Runs every racer's batch at once (released together), and waits for them all.
    private func race(_ racers: [Racer]) {
        let ready = Atomic<Int>(0)
        let finished = DispatchGroup()
        for racer in racers {
            finished.enter()
            Thread {
                defer { finished.leave() }
                ready.add(1, ordering: .sequentiallyConsistent)
                while ready.load(ordering: .sequentiallyConsistent) < racers.count { sched_yield() }
                racer.report = (try? racer.bench.run()) ?? BatchReport()
            }.start()
        }
        finished.wait()
    }

    private func racers(_ kind: LedgerKind, allowance: Int, count: Int) throws -> [Racer] {
        let gate = try Gate.load(allowance: allowance)
        let first = try ContractBench(kind, gate: gate, name: "gate-0")
        return try [Racer(first)] + (1..<count).map { Racer(try ContractBench(kind, gate: gate, sharing: first, name: "gate-\($0)")) }
    }

    @Test("four gates racing for the last incident of one entitlement, round after round (each round given back): exactly one accepted per round, never two",
          arguments: LedgerKind.available)
    func lastIncident(_ kind: LedgerKind) throws {
        let started = Date()
        let racers = try racers(kind, allowance: 1, count: 4)
        var overshoots = 0
        for round in 0..<16 {
            for (index, racer) in racers.enumerated() {
                for draft in 0..<2 {
                    let id = "r\(round)-g\(index)-\(draft)"
                    try racer.bench.drop(Gate.premierDraft(id: id), as: "\(id).json", uid: draft == 0 ? Gate.owner : Gate.colleague)
                }
            }
            race(racers)
            var verdicts: [Verdict] = []
            for racer in racers {
                #expect(racer.report.fault == nil, "\(String(describing: racer.report.fault))")
                verdicts += racer.report.outcomes.compactMap(Verdict.init)
            }
            #expect(verdicts.count == 8)
            #expect(verdicts.filter { !$0.accepted }.allSatisfy { $0.codes == ["ENTITLEMENT_EXHAUSTED"] }, "\(verdicts)")
            let accepted = verdicts.filter { $0.accepted }
            let inUse = try racers[0].bench.inUse()
            if accepted.count != 1 || inUse != 1 { overshoots += 1 }
            // The incident given back: the next round races for it again.
            for verdict in accepted {
                _ = try racers[0].bench.ledger.release(decisionId: verdict.decisionId, reason: "next round", at: "2026-11-25T00:00:00Z")
            }
        }
        #expect(overshoots == 0, "rounds with other than one acceptance against an allowance of 1: \(overshoots) of 16")
        print("lastIncident(\(kind)): \(Date().timeIntervalSince(started)) s")
    }

    @Test("four gates racing for the same draft id: one acceptance, one incident; the same bytes from the same uid elsewhere are repeats of it, other bytes DRAFT_DUPLICATE",
          arguments: LedgerKind.available)
    func sameDraftId(_ kind: LedgerKind) throws {
        let racers = try racers(kind, allowance: 20, count: 4)
        for round in 0..<5 {
            let id = "same-\(round)"
            let bytes = try Gate.premierDraft(id: id)
            for (index, racer) in racers.enumerated() {
                // Two gates get the owner's bytes; one a colleague's copy; one changed bytes.
                let (draft, uid) = switch index {
                case 0, 1: (bytes, Gate.owner)
                case 2: (bytes, Gate.colleague)
                default: (try Gate.premierDraft(id: id, variant: 1), Gate.owner)
                }
                try racer.bench.drop(draft, as: "\(id).json", uid: uid)
            }
            race(racers)
            for racer in racers { #expect(racer.report.fault == nil, "\(String(describing: racer.report.fault))") }
            let verdicts = racers.flatMap { $0.report.outcomes.compactMap(Verdict.init) }
            #expect(verdicts.count == 4)
            let row = try #require(try racers[0].bench.row(id))
            let winners = verdicts.filter { $0.accepted }
            #expect(winners.allSatisfy { $0.decisionId == row.decisionId }, "one acceptance: \(verdicts)")
            #expect(verdicts.filter { !$0.accepted }.allSatisfy { $0.codes == ["DRAFT_DUPLICATE"] }, "\(verdicts)")
            // The owner's bytes won: both gates that got them show that acceptance; anyone else won: only that gate.
            let ownerWon = row.submitterUID == Gate.owner && row.draftSha256 == SHA256.hex(SHA256.hash(bytes))
            #expect(winners.count == (ownerWon ? 2 : 1), "\(verdicts)")
            #expect(try racers[0].bench.inUse() == round + 1, "one incident per id")
        }
    }
}
