import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateCommit
import SupportGateLedger
import SupportGateSpool
import Synchronization
import Testing

/// The test-only marker the end-to-end tests prove a kill or a restart with: a batch that
/// records acceptances shows `holding-<pid>-<n>` while it holds its uncommitted transaction.
@Suite("LedgerCommit's test marker", .serialized, .enabled(if: getuid() == 0, "drops drafts as other uids (chown): needs root"))
struct LedgerCommitMarkerTests {
    typealias Gate = ContractGate

    /// Watches `folder` on a thread of its own while `body` runs: every name seen there,
    /// with its content; `whenHolding` is called once, on that thread, at the first `holding-`.
    private func watching(_ folder: String, whenHolding: @Sendable @escaping () -> Void = {}, _ body: () throws -> Void) rethrows -> [String: String] {
        let seen = Mutex<[String: String]>([:])
        let stop = Atomic<Bool>(false)
        let done = DispatchSemaphore(value: 0)
        Thread {
            var told = false
            while !stop.load(ordering: .sequentiallyConsistent) {
                for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
                    let content = (try? String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8)) ?? ""
                    seen.withLock { if $0[name] == nil || !content.isEmpty { $0[name] = content } }
                    if name.hasPrefix("holding-"), !told {
                        told = true
                        whenHolding()
                    }
                }
                usleep(5_000)
            }
            done.signal()
        }.start()
        defer {
            stop.store(true, ordering: .sequentiallyConsistent)
            done.wait()
        }
        try body()
        return seen.withLock { $0 }
    }

    private func bench(holdMilliseconds: Int) throws -> (ContractBench, String) {
        let bench = try ContractBench(.sqlite, gate: Gate.load(allowance: 5))
        let folder = "\(bench.root)/marker"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let environment = ["SUPPORTGATE_TEST_LEDGER_MARKER": folder, "SUPPORTGATE_TEST_LEDGER_HOLD_MS": "\(holdMilliseconds)"]
        bench.commit.marker = LedgerCommitMarker { environment[$0] }
        return (bench, folder)
    }

    private func names(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    @Test("a batch recording two acceptances: holding-<pid>-<n> holding \"2\" during the hold, gone after the commit; a batch of rejections shows none")
    func committed() throws {
        let (bench, folder) = try bench(holdMilliseconds: 300)
        try bench.drop(Gate.premierDraft(id: "m1"), as: "m1.json", uid: Gate.owner)
        try bench.drop(Gate.premierDraft(id: "m2"), as: "m2.json", uid: Gate.colleague)
        let seen = try watching(folder) { () throws in
            let report = try bench.run()
            #expect(report.fault == nil)
        }
        let holding = seen.filter { $0.key.hasPrefix("holding-\(getpid())-") }
        #expect(holding.count == 1 && holding.first?.value == "2\n", "\(seen)")
        #expect(names(folder).isEmpty, "removed after the commit")
        #expect(try bench.inUse() == 2)
        try bench.drop(Gate.premierDraft(id: "m3"), as: "m3.json", uid: Gate.stranger)
        let none = try watching(folder) { () throws in
            let report = try bench.run()
            #expect(report.fault == nil)
        }
        #expect(none.isEmpty, "near miss: nothing recorded, no marker: \(none)")
    }

    @Test("a commit that fails (the ledger's file deleted during the hold): the marker is renamed failed-<pid>-<n>, the draft left in processing/")
    func failed() throws {
        let (bench, folder) = try bench(holdMilliseconds: 400)
        try bench.drop(Gate.premierDraft(id: "f1"), as: "f1.json", uid: Gate.owner)
        let ledgerFile = bench.location.path
        _ = try watching(folder, whenHolding: { unlink(ledgerFile) }) { () throws in
            let report = try bench.run()
            guard case .settlement(let error as LedgerError)? = report.fault else {
                Issue.record("a ledger fault, not \(String(describing: report.fault))")
                return
            }
            #expect(error.kind == .replaced, "\(error)")
        }
        let left = names(folder)
        #expect(left.count == 1 && left.first?.hasPrefix("failed-\(getpid())-") == true, "\(left)")
        #expect(bench.processing.count == 1, "the draft waits in processing/ for a ledger in place")
    }
}
