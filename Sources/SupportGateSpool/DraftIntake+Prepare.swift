import BusinessCalendar
#if canImport(Glibc)
import Glibc
#endif
import SupportGateCore
import SystemCalls

extension DraftIntake {
    /// How long one batch may spend deciding (ms). Ordinary drafts take microseconds, so a
    /// full batch never reaches it; it only bounds drafts that are costly to decide.
    public static let batchTimeBudget: Int64 = 1_000

    /// Reads and decides claimed drafts and encodes their results. Touches only processing/
    /// (reads, and the in-flight record) and the evaluator, so it runs while the previous batch is
    /// committed on another thread.
    ///
    /// With `record`, the drafts being decided are in it (InFlightRecord): those that were
    /// in flight at an abnormal exit are decided one at a time, and a poison draft is
    /// rejected unread. `progress` is called after each draft: the daemon feeds its
    /// watchdog from it, so a long batch is no hang and one draft that hangs is.
    ///
    /// A batch stops deciding once it has taken `batchTimeBudget` (after at least one
    /// draft): the claims it did not reach are `.postponed`, taken up again in the next
    /// batch after fresh drafts. So drafts that are slow to decide (256 KiB packed with
    /// keys, each a quarter of a second in a debug build) delay another submitter's draft by
    /// about one budget, not by a whole batch of them.
    public func prepare(_ claims: [FileName], at instant: Timestamp, record: InFlightRecord? = nil,
                        budgetMilliseconds: Int64 = DraftIntake.batchTimeBudget, progress: () -> Void = {}) -> PreparedBatch {
        var batch = PreparedBatch()
        let plan = record?.plan(claims) ?? InFlightRecord.Plan(together: claims)
        for claim in plan.poison {
            batch.items.append(poisoned(claim, at: instant))
            record?.decided([claim])
            progress()
        }
        let deadline = MonotonicClock.milliseconds() + budgetMilliseconds
        var looked = 0
        for group in plan.alone.map({ [$0] }) + [plan.together] where !group.isEmpty {
            record?.deciding(group)
            for claim in group {
                if looked > 0, MonotonicClock.milliseconds() >= deadline {
                    batch.unprepared.append(DraftOutcome(originalName: ClaimName.original(of: claim), claimName: claim,
                                                         disposition: .postponed, submitterUID: nil))
                    continue
                }
                looked += 1
                let item = prepare(claim, at: instant)
                switch item.outcome.disposition {
                case .deferred, .vanished, .postponed:
                    batch.unprepared.append(item.outcome)
                case .decided, .repeated, .adopted:
                    batch.items.append(item)
                }
                progress()
            }
            record?.decided(group)
        }
        return batch
    }

    private func prepare(_ claim: FileName, at instant: Timestamp) -> PreparedDraft {
        let original = ClaimName.original(of: claim)
        // Derived only when needed: a held draft, looked at again and again, never needs it.
        lazy var fallbackId = DraftIdentifier.derive(fromFileName: original.description)
        held.release(claim)  // held again below if it still is
        if let refusal = takeRefusal(claim) {
            return unreadable(claim, original: original, finding: refusal.finding(settings), fallbackId: fallbackId, at: instant, uid: refusal.uid)
        }
        let descriptor: Int32
        do throws(SystemCallError) {
            descriptor = try folders.processing.openEntry(claim)
        } catch where error.errno == ENOENT {
            return PreparedDraft(claim: claim, outcome: DraftOutcome(originalName: original, claimName: claim, disposition: .vanished, submitterUID: nil))
        } catch {
            return unreadable(claim, original: original, finding: DraftFileReader.openFailure(error.errno), fallbackId: fallbackId, at: instant, uid: nil)
        }
        defer { try? SystemCall.close(descriptor) }  // read only: a failing close loses nothing
        let status: stat
        do throws(SystemCallError) {
            status = try SystemCall.fstat(descriptor)
        } catch {
            return unreadable(claim, original: original, finding: DraftFileReader.examineFailure(error.errno), fallbackId: fallbackId, at: instant, uid: nil)
        }
        if let problem = DraftFileReader.problem(with: status, maxBytes: settings.maxDraftBytes) {
            return unreadable(claim, original: original, finding: problem, fallbackId: fallbackId, at: instant, uid: status.st_uid)
        }
        if !isComplete(descriptor, status: status, instant: instant) {
            let holding = held.owner(status.st_uid)
            if holding.count + 1 > settings.maxQueuedPerSubmitter || holding.bytes + Int64(status.st_size) > settings.maxQueuedBytesPerSubmitter {
                let refusal = QueueRefusal(uid: status.st_uid, waitingCount: 0, waitingBytes: 0, heldCount: holding.count + 1,
                                           heldBytes: holding.bytes + Int64(status.st_size), stillOpen: true)
                return unreadable(claim, original: original, finding: refusal.finding(settings), fallbackId: fallbackId, at: instant, uid: status.st_uid)
            }
            held.hold(claim, uid: status.st_uid, bytes: Int64(status.st_size))
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
        var prepared = PreparedDraft(claim: claim, original: original, evaluation: evaluation, uid: file.ownerUID)
        prepared.decidedBytes = file.bytes
        if let result = evaluation.result { prepared.shelf = shelf(for: result, dropper: file.ownerUID) }
        if case .decided(let result) = evaluation, result.draftKey != nil {
            prepared.source = .init(bytes: file.bytes, fallbackDraftId: fallbackId, submitter: submitter, evaluator: evaluator)
        }
        return prepared
    }

    private func unreadable(_ claim: FileName, original: FileName, finding: Finding, fallbackId: String, at instant: Timestamp, uid: UInt32?) -> PreparedDraft {
        let result = evaluator.unreadable(finding, fallbackDraftId: fallbackId, at: instant)
        var prepared = PreparedDraft(claim: claim, original: original, evaluation: .decided(result), uid: uid ?? ownerUID(of: claim))
        prepared.shelf = .submitter(prepared.outcome.submitterUID)
        return prepared
    }

    /// The owner of a claimed file the gate could not open, so its result still reaches it.
    private func ownerUID(of claim: FileName) -> UInt32? {
        folders.processing.entryStatus(claim)?.st_uid
    }

    /// The partner's shelf once the submitter may act for it; the dropper's own otherwise.
    func shelf(for result: DecisionResult, dropper: UInt32?) -> ResultShelf {
        guard let partnerId = result.trustedPartner, let partner = evaluator.engine.directory.partners[partnerId] else {
            return .submitter(dropper)
        }
        return .partner(partnerId, submitterUIDs: partner.submitterUIDs, submitterGIDs: groupIDs(partner.submitterGroups), dropper: dropper,
                        forwarder: settings.forwarderUID)
    }

    /// No one has the file open for writing (a lease probe), or, where leases are not
    /// permitted, it has been left alone for the quiet period.
    private func isComplete(_ descriptor: Int32, status: stat, instant: Timestamp) -> Bool {
        do throws(SystemCallError) {
            return try SystemCall.hasNoWriters(descriptor)
        } catch {}  // leases not permitted here: the quiet period decides
        let modified = Int64(status.st_mtim.tv_sec) * 1000 + Int64(status.st_mtim.tv_nsec) / 1_000_000
        return instant.millisecondsSinceEpoch - modified >= settings.quietMilliseconds
    }
}
