import SupportGateCore
import SupportGateSpool
import SupportGateSystemd
import SystemCalls

/// The pipeline's second stage on the loop's thread: committing, archiving, and the faults
/// both meet.
extension IntakePipeline {
    /// Where a committed batch's originals go from processing/ to archive/.
    package enum Archiving {
        /// Now, before the commit returns (a stop, a reload, per-file durability).
        case now
        /// On the worker, once it has decided the next batch (`archiveLater`).
        case onWorker
        /// Left to the caller, as the report's `pendingArchive` (tests that archive twice).
        case byCaller
    }

    /// The one commit-and-log path: commits `batch`'s results, has its originals archived as
    /// `archiving` says, and counts and logs every outcome. The report's fault stopped the
    /// commit; the caller reports it once the worker is idle.
    package func commitAndLog(_ batch: PreparedBatch, archiving: Archiving) -> BatchReport {
        let started = MonotonicClock.seconds()
        let report = committer.commit(batch, monotonicMilliseconds: clock.monotonicMilliseconds(), archiveLater: archiving != .now)
        let seconds = MonotonicClock.seconds() - started
        if archiving == .onWorker { archiveLater(report.pendingArchive) }
        telemetry.log(report, commitSeconds: seconds)
        return report
    }

    /// Commits the batch in flight, if any, and archives and logs everything (before a
    /// stop or a reload, or when there is nothing more to do).
    func finishInFlight() {
        finishArchiving()
        reportArchiveFault(at: clock.monotonicMilliseconds())
        guard let current = inFlight else { return }
        dropInFlight()
        if let fault = commitAndLog(current, archiving: .now).fault { reportFault(GateFault(fault), at: clock.monotonicMilliseconds()) }
    }

    /// A file-system or ledger fault: logged, shown in STATUS=, retried with back-off chosen by
    /// its kind. Drafts stay where they are (incoming/ or processing/) until it clears. A fault
    /// only a mistake in the gate's code can cause (EBADF, EFAULT) stops the gate instead.
    func reportFault(_ fault: GateFault, at now: Int64) {
        guard let schedule = fault.backoff else {
            preconditionFailure("a programming error, not a fault to wait out: \(fault)")
        }
        backOff(at: now, schedule: schedule)
        scan.readAllAgain()
        telemetry.recordFault(fault, retryingInMilliseconds: faultBackoff.delayMilliseconds)
    }

    /// Moves the committed batch's originals out of processing/ on the worker thread, once it
    /// has decided the next batch: the worker does every rename into and out of
    /// processing/, so the two threads do not contend for those directories. A failure is
    /// reported on this thread next turn; the originals stay in processing/ and are taken
    /// up again as repeats.
    private func archiveLater(_ pending: PendingArchive) {
        guard !pending.isEmpty else { return }
        let archiver = committer.archiver
        let archiveFault = self.archiveFault
        worker.async {
            do throws(SpoolError) {
                try archiver.archive(pending)
            } catch {
                archiveFault.set(error)
            }
        }
    }

    /// Reports a fault the worker met while archiving, if any; true when there was one.
    @discardableResult
    func reportArchiveFault(at now: Int64) -> Bool {
        guard let fault = archiveFault.take() else { return false }
        reportFault(.spool(fault), at: now)
        return true
    }

    /// Waits until the worker has archived every committed batch.
    func finishArchiving() {
        worker.drain()
    }

    /// How long the loop may sleep in poll(): until a rescan, a deferred draft, a retry after
    /// a fault, or half the watchdog interval; at most a second.
    func idleMilliseconds(watchdogMicroseconds: UInt64?) -> Int64 {
        let now = clock.monotonicMilliseconds()
        var timeout = max(0, scan.nextRescan - now)
        if committer.hasDeferred { timeout = min(timeout, committer.settings.quietMilliseconds) }
        if committer.hasPostponed { timeout = 0 }
        if let retry = faultBackoff.retryAt { timeout = min(timeout, max(0, retry - now)) }
        if let watchdog = watchdogMicroseconds { timeout = min(timeout, Int64(watchdog / 2_000)) }
        return min(timeout, 1_000)
    }

    /// A reload applied: the new limits and rules decide from the next batch on.
    package func apply(settings: SpoolSettings, evaluator: DraftEvaluator, rescanIntervalSeconds: Int) {
        intake.withLock { intake in
            intake.evaluator = evaluator
            intake.settings = settings
            intake.forgetIdentities()
        }
        committer.settings = settings
        scan.rescanIntervalMilliseconds = Int64(rescanIntervalSeconds) * 1000
    }
}
