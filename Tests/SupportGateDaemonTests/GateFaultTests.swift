import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import SupportGateDaemon
import SupportGateLedger
import SupportGateSpool
import SupportGateSystemd
import SupportGateTestKit
import Testing

/// Faults under their own subsystem: a ledger fault names the ledger and its kind, never an
/// errno or a spool path; the back-off follows the kind; EBADF and EFAULT are mistakes in the
/// gate's code, not faults to wait out.
@Suite("Gate faults")
struct GateFaultTests {
    static let postgres = "postgresql://gate@db.example:5432/supportgate"

    @Test("a ledger outage is logged as a ledger fault: LEDGER (the URL as given, no password) and LEDGER_FAULT, no ERRNO or SPOOL_PATH")
    func ledgerFaultLoggedAsLedger() {
        let fault = GateFault(.settlement(LedgerError("cannot connect: Connection refused", path: Self.postgres, kind: .unavailable)))
        let entry = fault.journalEntry(retryingInMilliseconds: 500)
        #expect(entry.values("LEDGER") == [Self.postgres])
        #expect(entry.values("LEDGER_FAULT") == ["unavailable"])
        #expect(entry.values("ERRNO").isEmpty && entry.values("SPOOL_PATH").isEmpty, "\(entry.fields)")
        #expect(entry.message.hasPrefix("ledger fault (unavailable), retrying in 500 ms: \(Self.postgres): cannot connect"), "\(entry.message)")
        #expect(fault.kind == "ledger unavailable")
        #expect(fault.metricsKind == "ledger")
    }

    @Test("near miss: a spool fault keeps ERRNO and SPOOL_PATH")
    func spoolFaultLoggedAsSpool() {
        let fault = GateFault(.spool(SpoolError("cannot write", path: "/var/spool/supportgate/accepted", errno: ENOSPC)))
        let entry = fault.journalEntry(retryingInMilliseconds: 500)
        #expect(entry.values("ERRNO") == [String(ENOSPC)])
        #expect(entry.values("SPOOL_PATH") == ["/var/spool/supportgate/accepted"])
        #expect(entry.values("LEDGER").isEmpty && entry.values("LEDGER_FAULT").isEmpty)
        #expect(fault.kind.hasPrefix("ENOSPC") && fault.metricsKind == "ENOSPC")
    }

    @Test("the back-off follows the ledger's kind: a busy lock is tried again soon, a replaced file rarely")
    func backoffByKind() {
        func schedule(_ kind: LedgerError.Kind) -> FaultBackoff.Schedule? {
            GateFault.ledger(LedgerError("x", path: "ledger.sqlite", kind: kind)).backoff
        }
        #expect(schedule(.busy) == .contention)
        #expect(schedule(.replaced) == .operatorNeeded)
        for kind in [LedgerError.Kind.unavailable, .timedOut, .full, .other] { #expect(schedule(kind) == .standard, "\(kind)") }
        var backoff = FaultBackoff()
        backoff.failed(at: 0, schedule: .contention)
        #expect(backoff.delayMilliseconds == 100 && !backoff.mayWork(at: 99) && backoff.mayWork(at: 100))
    }

    @Test("EBADF and EFAULT are not backed off from: only a mistake in the gate's code causes them")
    func programmingErrorsRefused() {
        #expect(GateFault.spool(SpoolError("read", path: "/spool/incoming", errno: EBADF)).backoff == nil)
        #expect(GateFault.spool(SpoolError("read", path: "/spool/incoming", errno: EFAULT)).backoff == nil)
        // Near misses: a full, read-only or failing disk is waited out.
        for errno in [ENOSPC, EROFS, EIO, EDQUOT, EACCES] {
            #expect(GateFault.spool(SpoolError("write", path: "/spool/accepted", errno: errno)).backoff == .standard, "\(errno)")
        }
    }

    @Test("EBADF in the fault path stops the gate loudly instead of backing off")
    func badDescriptorStopsTheGate() async throws {
        await #expect(processExitsWith: .failure) {
            let harness = try PipelineHarness("ebadf")
            harness.daemon.pipeline.reportFault(.spool(SpoolError("read", path: harness.root, errno: EBADF)), at: 0)
        }
    }

    @Test("a ledger deleted under the gate: the batch is a ledger fault naming the ledger's file, retried only after 5 s")
    func ledgerReplacedInPipeline() throws {
        let harness = try PipelineHarness("ledger replaced", batchSize: 4)
        try harness.drop(id: "before")
        harness.settle()
        #expect(harness.decidedIds == ["before"])
        try FileManager.default.removeItem(atPath: harness.ledgerPath)
        try harness.drop(id: "after")
        harness.settle()
        let faults = harness.journal.entries(.spoolFault)
        #expect(faults.count == 1, "\(faults.map(\.message))")
        #expect(faults.first?.values("LEDGER_FAULT") == ["file deleted or replaced"])
        #expect(faults.first?.values("LEDGER") == [harness.ledgerPath])
        #expect(faults.first?.values("SPOOL_PATH") == [], "no spool path for a ledger fault")
        #expect(harness.daemon.statusLine().contains("FAULT: ledger file deleted or replaced"), "\(harness.daemon.statusLine())")
        harness.clock.advance(milliseconds: 4_000)
        harness.settle()
        #expect(harness.journal.entries(.spoolFault).count == 1, "not tried again within 5 s")
        harness.clock.advance(milliseconds: 1_100)
        harness.settle()
        #expect(harness.journal.entries(.spoolFault).count == 2, "tried again after 5 s")
    }
}
