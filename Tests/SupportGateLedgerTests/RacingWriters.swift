import Foundation
import SupportGateLedger
import Synchronization
import Testing

/// Eight threads, each with a connection of its own (as eight gates or processes would
/// have), each consuming 50 drafts of its own against one 100-incident allowance.
enum RacingWriters {
    /// `consume(worker, ledger-opening index)` returns the outcomes of one thread's drafts.
    static func race(_ consume: @Sendable @escaping (Int) throws -> [ConsumeOutcome]) {
        let outcomes = Mutex<[ConsumeOutcome]>([])
        let failures = Mutex<[String]>([])
        let finished = DispatchGroup()
        for worker in 0..<8 {
            finished.enter()
            Thread {
                defer { finished.leave() }
                do {
                    let results = try consume(worker)
                    outcomes.withLock { $0 += results }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }.start()
        }
        finished.wait()
        #expect(failures.withLock { $0 }.isEmpty)
        let all = outcomes.withLock { $0 }
        #expect(all.count == 400)
        #expect(all.filter { if case .consumed = $0 { true } else { false } }.count == 100)
        #expect(all.filter { $0 == .exhausted }.count == 300)
    }

    static func draft(partner: String, worker: Int, index: Int) -> Consumption {
        let id = "draft-\(worker)-\(index)"
        return Consumption(partnerTenantId: partner, entitlementId: "premier-1", decisionId: "d-\(partner)-\(id)",
                           draftId: id, draftSha256: "aa", consumedAt: "2026-12-01T12:00:00Z")
    }
}
