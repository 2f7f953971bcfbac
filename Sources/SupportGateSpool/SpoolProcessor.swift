import BusinessCalendar
import CLinuxShim
#if canImport(Glibc)
import Glibc
#endif
import SupportGateCore

/// The spool's queue manager: claims drafts from incoming/ by atomic rename into
/// processing/, decides them, and commits results before the originals leave
/// processing/. Two stages, `prepare` and `commit`: the daemon runs the first (with the
/// claim from incoming/ and the archiving of the batch before) on a worker thread for the
/// next batch while it commits the current one on its own thread; nothing else runs
/// concurrently.
///
/// `@unchecked Sendable`, safe because the two threads use disjoint state while both run:
/// the worker claims (incoming/, processing/, the intake index, refusals, claim numbers),
/// prepares (the history, the evaluator) and archives (processing/, archive/,
/// quarantine/); the main thread commits (the result folders, the temporary sequence,
/// the deferrals). What both read (`settings`, `evaluator`) is replaced only by a reload,
/// which first waits for the worker to be idle (`GateDaemon.finishInFlight`); everything
/// else the main thread asks (`incomingMayHoldMore`, `claimedDrafts`) it asks only after
/// waiting for the worker's job. Splitting it into a worker-owned and a main-owned type
/// would let the compiler check this; see docs/spool.md.
public final class SpoolProcessor: @unchecked Sendable {
    public let layout: SpoolLayout
    public var settings: SpoolSettings
    /// Swapped atomically (between batches) on reload.
    public var evaluator: DraftEvaluator
    let incoming: DirectoryHandle
    let processing: DirectoryHandle
    let accepted: DirectoryHandle
    let rejected: DirectoryHandle
    let quarantine: DirectoryHandle
    let archive: DirectoryHandle
    var history: SpoolHistory
    private var identities: [UInt32: SubmitterIdentity] = [:]
    /// Deferred drafts in processing/ and when to look again (bounded by the batch size of each pass).
    private(set) var deferredUntil: [FileName: Int64] = [:]
    /// Makes every temporary result name unique, whatever the decision ids.
    var temporarySequence: UInt64 = 0
    /// The number of the last claim (ClaimName): from the start time in microseconds on,
    /// so a restarted gate does not reuse the numbers of the last run.
    private var claimNumber: UInt64
    /// incoming/ by owner, for taking turns and for the caps; belongs to the claiming thread.
    private var index = IncomingIndex()
    /// Claims over their owner's cap, to be refused unread by `prepare`.
    private var refusals: [FileName: QueueRefusal] = [:]
    /// Passes still to claim in small batches, since a light owner last waited behind a backlog.
    private var contendedPasses = 0
    let processID = getpid()

    static let temporaryPrefix = "~tmp-"

    public init(layout: SpoolLayout, settings: SpoolSettings, evaluator: DraftEvaluator) throws(SpoolError) {
        self.layout = layout
        self.settings = settings
        self.evaluator = evaluator
        incoming = try DirectoryHandle(path: layout.path(.incoming))
        processing = try DirectoryHandle(path: layout.path(.processing))
        accepted = try DirectoryHandle(path: layout.path(.accepted))
        rejected = try DirectoryHandle(path: layout.path(.rejected))
        quarantine = try DirectoryHandle(path: layout.path(.quarantine))
        archive = try DirectoryHandle(path: layout.path(.archive))
        history = SpoolHistory(accepted: accepted, rejected: rejected)
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        claimNumber = UInt64(max(0, now.tv_sec)) * 1_000_000 + UInt64(max(0, now.tv_nsec)) / 1_000
    }

    /// One gate works a spool at a time: an exclusive lock on processing/, which the kernel
    /// drops when the holder dies, so a second gate started on the same spool is a standby
    /// that takes over. False while another gate holds it.
    public func tryLockSpool() -> Bool {
        flock(processing.descriptor, LOCK_EX | LOCK_NB) == 0
    }

    /// Start-up: results half-written by a crash are removed (their drafts are
    /// still in processing/ and will be decided again).
    public func removeTemporaryResults() {
        for folder in [accepted, rejected] {
            for name in folder.names(limit: .max, where: { $0.hasPrefix(Self.temporaryPrefix) }) {
                try? folder.remove(name)
            }
        }
    }

    /// Reads which results exist, so that most drafts need no lookup in accepted/ and
    /// rejected/. Call once the spool lock is held, after `removeTemporaryResults()`;
    /// until then every draft is looked up. False (and every draft still looked up) when
    /// the result folders could not be read to the end.
    @discardableResult
    public func loadResultIndex() -> Bool {
        history.loadFilter()
    }

    /// Group lookups are cached per uid until the next reload.
    public func forgetIdentities() {
        identities.removeAll()
    }

    /// Claims up to `limit` drafts from incoming/, taking turns between their owners
    /// (IncomingIndex), whatever order readdir returns. `arrivals` are the names inotify
    /// reported since the last claim; `rescan` starts a new sweep of the folder (at start,
    /// after an overflow, periodically). Hidden names (".x") are writers' temporary files, and
    /// directories are no drafts: neither is claimed nor counts towards `limit`. A draft
    /// whose owner has more waiting than its cap is claimed to be refused unread. A draft
    /// that vanished meanwhile is passed over; any other failure (read-only or full spool,
    /// …) stops the claim and is thrown as a fault.
    public func claimFromIncoming(limit: Int, arrivals: [FileName] = [], rescan: Bool = true) throws(SpoolError) -> [FileName] {
        index.bytesCountedPerDraft = Int64(settings.maxDraftBytes) + 1
        var read = true
        var arrived: Set<UInt32> = []
        if rescan || (index.isEmpty && !index.isComplete && !index.isSweeping) {
            read = index.startSweep(of: incoming)
        } else {
            arrived = index.add(arrivals: arrivals, in: incoming)
            if index.isSweeping, index.heldCount < limit { read = index.continueSweep(of: incoming) }
        }
        guard read else {
            let code = errno == 0 ? EIO : errno
            index = IncomingIndex()
            throw SpoolError("cannot read the folder to the end", path: incoming.path, errno: code)
        }
        // When a submitter drops a few drafts behind another's backlog, smaller batches for
        // the next 128 passes (a second or two): a turn of the pipeline is shorter, so its
        // drafts wait for short turns only. A backlog alone keeps full batches.
        let small = max(16, limit / 4)
        if index.isLightArrivalBehindBacklog(arrived, light: small, heavy: limit) { contendedPasses = 128 }
        let limit = contendedPasses > 0 ? min(limit, small) : limit
        contendedPasses = max(0, contendedPasses - 1)
        var claimed: [FileName] = []
        for item in index.take(limit: limit) {
            do throws(SpoolError) {
                let claim = try claim(item.name)
                claimed.append(claim)
                // An owner with more waiting than the index holds has at least its share waiting:
                // over the cap when the share is.
                let atLeast = item.beyondShare ? max(item.waitingCount, index.share) : item.waitingCount
                if atLeast > settings.maxQueuedPerSubmitter || item.waitingBytes > settings.maxQueuedBytesPerSubmitter {
                    refusals[claim] = QueueRefusal(uid: item.uid, waitingCount: item.waitingCount, waitingBytes: item.waitingBytes)
                }
            } catch where error.errno == ENOENT {
                continue
            } catch {
                if claimed.isEmpty {
                    index = IncomingIndex()  // what it took is unknown now: read the folder again
                    throw error
                }
                break  // decide what was claimed; the fault comes back on the next claim
            }
        }
        // No fsync here: a claim lost in a crash only puts the draft back in incoming/.
        return claimed
    }

    /// incoming/ may hold drafts the last claim did not take: more than it asked for, or
    /// more than the index could hold. Ask only while no claim is running.
    public var incomingMayHoldMore: Bool {
        !index.isEmpty || !index.isComplete
    }

    /// Moves one draft into processing/ under a claim name of its own. A name already
    /// there (left by a run whose clock was ahead) is passed over for the next number.
    private func claim(_ name: FileName) throws(SpoolError) -> FileName {
        var attempts = 0
        while true {
            claimNumber += 1
            let claim = ClaimName.make(number: claimNumber, original: name)
            do throws(SpoolError) {
                try incoming.rename(name, to: processing, as: claim)
                return claim
            } catch where error.errno == EEXIST && attempts < 100 {
                attempts += 1
            }
        }
    }

    /// Drafts already in processing/: left by a crash or a stop, or deferred and now due.
    /// Only while no batch is in flight: a prepared batch's drafts are in processing/ too.
    public func claimedDrafts(limit: Int, now: Int64) -> [FileName] {
        processing.names(limit: limit) { name in
            guard let until = self.deferredUntil[name] else { return true }
            return until <= now
        }
    }

    /// Deferred drafts whose wait is over (no directory listing), leaving out those already
    /// in `inFlight`: that batch was prepared but is committed (and their wait cleared or
    /// renewed) only after this is asked.
    public func dueDeferred(limit: Int, now: Int64, notIn inFlight: PreparedBatch? = nil) -> [FileName] {
        guard !deferredUntil.isEmpty else { return [] }
        let busy = Set(inFlight?.claims ?? [])
        return Array(deferredUntil.lazy.filter { $0.value <= now && !busy.contains($0.key) }.map(\.key).prefix(limit))
    }

    public var hasDeferred: Bool { !deferredUntil.isEmpty }

    /// Drafts waiting in incoming/ and processing/, counted up to `cap` (counting a
    /// million-file backlog on every status update would cost more than it tells).
    public func backlogEstimate(cap: Int) -> (count: Int, capped: Bool) {
        let waiting = incoming.names(limit: cap) { !$0.isHidden }.count
        let claimed = processing.names(limit: max(0, cap - waiting)).count
        return (waiting + claimed, waiting + claimed >= cap)
    }

    /// Decides a batch of claimed drafts and commits their results.
    public func process(_ claims: [FileName], at instant: Timestamp, monotonicMilliseconds now: Int64) -> BatchReport {
        let report = commit(prepare(claims, at: instant), monotonicMilliseconds: now)
        if report.fault != nil { forgetUncommittedDecisions() }
        return report
    }

    /// After a failed commit nothing decided in memory is known to be on disk: the drafts
    /// are still in processing/ and will be decided again. Call only while no batch is
    /// being prepared (the history belongs to the preparing thread).
    public func forgetUncommittedDecisions() {
        history.forgetPending()
    }

    /// The first stage: read and decide, encode the results. Touches only processing/
    /// (reads), the evaluator and the batch history, so it may run on another thread while
    /// the previous batch is committed; the history remembers that batch until it is on disk.
    public func prepare(_ claims: [FileName], at instant: Timestamp) -> PreparedBatch {
        history.startBatch()
        var batch = PreparedBatch()
        for claim in claims {
            let item = prepare(claim, at: instant)
            switch item.outcome.disposition {
            case .deferred, .vanished:
                batch.unprepared.append(item.outcome)
            case .decided, .repeated:
                batch.items.append(item)
            }
        }
        return batch
    }

    /// The second stage: commit the results, then move the originals. After a fault, call
    /// `forgetUncommittedDecisions()` once no batch is being prepared.
    ///
    /// With `archiveLater` (group commit only), the originals are left in processing/ and
    /// the report's `pendingArchive` says where they go; pass it to `archive(_:)`. Until
    /// then a crash only means deciding them again, as repeats of results already durable.
    public func commit(_ batch: PreparedBatch, monotonicMilliseconds now: Int64, archiveLater: Bool = false) -> BatchReport {
        var report = BatchReport()
        for outcome in batch.unprepared {
            if case .deferred = outcome.disposition {
                deferredUntil[outcome.claimName] = now + settings.quietMilliseconds
            } else {
                deferredUntil[outcome.claimName] = nil
            }
            report.outcomes.append(outcome)
        }
        for item in batch.items {
            deferredUntil[item.claim] = nil
        }
        do throws(SpoolError) {
            switch settings.durability {
            case .groupCommit:
                let pending = try commitResults(batch.items[...])
                report.outcomes += pending.outcomes
                if archiveLater {
                    report.pendingArchive = pending.archive
                } else {
                    try archive(pending.archive)
                }
            case .perFile:
                for index in batch.items.indices {
                    let pending = try commitResults(batch.items[index...index])
                    report.outcomes += pending.outcomes
                    try archive(pending.archive)
                }
            }
        } catch {
            report.fault = error
        }
        return report
    }

    private func prepare(_ claim: FileName, at instant: Timestamp) -> PreparedDraft {
        let original = ClaimName.original(of: claim)
        let fallbackId = DraftIdentifier.derive(fromFileName: original.description)
        if let refusal = refusals.removeValue(forKey: claim) {
            return unreadable(claim, original: original, finding: refusal.finding(settings), fallbackId: fallbackId, at: instant, uid: refusal.uid)
        }
        let descriptor = processing.openEntry(claim)
        if descriptor < 0 {
            let code = errno
            if code == ENOENT {
                return PreparedDraft(claim: claim, outcome: DraftOutcome(originalName: original, claimName: claim, disposition: .vanished, submitterUID: nil))
            }
            return unreadable(claim, original: original, finding: DraftFileReader.openFailure(code), fallbackId: fallbackId, at: instant, uid: nil)
        }
        defer { close(descriptor) }
        var status = stat()
        fstat(descriptor, &status)
        if let problem = DraftFileReader.problem(with: status, maxBytes: settings.maxDraftBytes) {
            return unreadable(claim, original: original, finding: problem, fallbackId: fallbackId, at: instant, uid: status.st_uid)
        }
        if !isComplete(descriptor, status: status, instant: instant) {
            return PreparedDraft(claim: claim, outcome: DraftOutcome(originalName: original, claimName: claim,
                                                                     disposition: .deferred(reason: "still being written"), submitterUID: status.st_uid))
        }
        let file: DraftFileReader.DraftFile
        switch DraftFileReader.read(descriptor: descriptor, status: status, maxBytes: settings.maxDraftBytes) {
        case .success(let read): file = read
        case .failure(let finding):
            return unreadable(claim, original: original, finding: finding, fallbackId: fallbackId, at: instant, uid: status.st_uid)
        }
        let submitter = identity(uid: file.ownerUID)
        let evaluation = evaluator.evaluate(file.bytes, fallbackDraftId: fallbackId, submitter: submitter, at: instant, history: &history)
        return PreparedDraft(claim: claim, original: original, evaluation: evaluation, uid: file.ownerUID)
    }

    private func unreadable(_ claim: FileName, original: FileName, finding: Finding, fallbackId: String, at instant: Timestamp, uid: UInt32?) -> PreparedDraft {
        let result = evaluator.unreadable(finding, fallbackDraftId: fallbackId, at: instant)
        return PreparedDraft(claim: claim, original: original, evaluation: .decided(result), uid: uid)
    }

    /// No one has the file open for writing (a lease probe), or, where leases are not
    /// permitted, it has been left alone for the quiet period.
    private func isComplete(_ descriptor: Int32, status: stat, instant: Timestamp) -> Bool {
        if sg_probe_no_writers(descriptor) == 0 { return true }
        if errno == EAGAIN { return false }
        let modified = Int64(status.st_mtim.tv_sec) * 1000 + Int64(status.st_mtim.tv_nsec) / 1_000_000
        return instant.millisecondsSinceEpoch - modified >= settings.quietMilliseconds
    }

    private func identity(uid: UInt32) -> SubmitterIdentity {
        if let known = identities[uid] { return known }
        let identity = SubmitterLookup.identity(uid: uid)
        identities[uid] = identity
        return identity
    }
}
