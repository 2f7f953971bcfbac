import Foundation
import SupportGateLedger
import Synchronization
import Testing

/// Eight threads, each with a connection of its own (as eight gates or processes would
/// have), each accepting 50 drafts of its own against one 100-incident allowance.
enum RacingWriters {
    /// `accept(worker)` returns the outcomes of one thread's drafts.
    static func race(_ accept: @Sendable @escaping (Int) throws -> [LedgerSteps.Outcome]) {
        let outcomes = Mutex<[LedgerSteps.Outcome]>([])
        let failures = Mutex<[String]>([])
        let finished = DispatchGroup()
        for worker in 0..<8 {
            finished.enter()
            Thread {
                defer { finished.leave() }
                do {
                    let results = try accept(worker)
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
        #expect(all.filter { if case .recorded = $0 { true } else { false } }.count == 100)
        #expect(all.filter { $0 == .exhausted }.count == 300)
    }

    static func draft(partner: String, worker: Int, index: Int) -> AcceptedDraft {
        LedgerSteps.draft("draft-\(worker)-\(index)", partner: partner)
    }
}
