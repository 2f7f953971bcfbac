import BusinessCalendar
#if canImport(Glibc)
import Glibc
#endif
import SupportGateFiling
import SupportGateSpool
import SystemCalls

/// Finds the work on the accepted shelves (`<spool>/accepted/<partner>/<draftId>.json`):
/// regular files owned by the gate (the owner of `accepted/`), accepted, with a submission,
/// decided at or after the partner's `since`. A file anyone else put there is never filed:
/// it comes back as a refusal for the journal.
public final class ShelfScanner: Sendable {
    public let records: RecordShelf
    public let state: ForwarderState
    public let gateUID: uid_t
    public let configuredSince: Timestamp?
    public let now: @Sendable () -> Timestamp
    public static let maxResultBytes = 16 << 20

    public init(records: RecordShelf, state: ForwarderState, configuredSince: Timestamp?, now: @escaping @Sendable () -> Timestamp) throws(SpoolError) {
        self.records = records
        self.state = state
        self.configuredSince = configuredSince
        self.now = now
        do throws(SystemCallError) {
            gateUID = try SystemCall.fstat(records.accepted.descriptor).st_uid
        } catch {
            throw SpoolError("cannot examine", path: records.accepted.path, errno: error.errno)
        }
    }

    public enum Found: Sendable, Hashable {
        case job(FilingJob)
        /// Never filed, and said why (a planted file, one that does not read).
        case refused(file: String, reason: String)
        /// Nothing to do: filed already, before `since`, not a result name, gone.
        case nothing
    }

    /// Every file on the partner's shelf, streamed; at most `limit` jobs. `resume`: read the
    /// records that exist, to take up a `pending` one (at start); later scans skip any
    /// result that has a record, since the engine holds every job it started.
    public func scan(partner: String, resume: Bool, limit: Int = 1_000_000) -> [Found] {
        guard let shelf = try? DirectoryHandle(in: records.accepted, name: FileName(partner)) else { return [] }
        guard shelfIsTheGates(shelf) else {
            return [.refused(file: shelf.path, reason: "the shelf is not owned by the gate (uid \(gateUID))")]
        }
        var found: [Found] = []
        let names = shelf.names(limit: limit) { !$0.isHidden && $0.hasSuffix(".json") }
        for name in names {
            let outcome = check(shelf: shelf, partner: partner, name: name, resume: resume)
            if outcome != .nothing { found.append(outcome) }
        }
        return found
    }

    /// One name on the shelf (an inotify event's).
    public func check(partner: String, name: FileName, resume: Bool) -> Found {
        guard !name.isHidden, name.hasSuffix(".json"),
              let shelf = try? DirectoryHandle(in: records.accepted, name: FileName(partner)), shelfIsTheGates(shelf) else { return .nothing }
        return check(shelf: shelf, partner: partner, name: name, resume: resume)
    }

    private func shelfIsTheGates(_ shelf: DirectoryHandle) -> Bool {
        (try? SystemCall.fstat(shelf.descriptor).st_uid) == gateUID
    }

    private func check(shelf: DirectoryHandle, partner: String, name: FileName, resume: Bool) -> Found {
        let draftId = String(name.description.dropLast(".json".count))
        guard RecordShelf.recordName(draftId) != nil, FileName(draftId + ".json") == name else { return .nothing }
        var existing: FilingRecord?
        if records.exists(partner: partner, draftId: draftId) {
            guard resume else { return .nothing }
            do {
                existing = try records.read(partner: partner, draftId: draftId)
            } catch {
                return .refused(file: "\(records.filed.path)/\(partner)/\(name)", reason: "the record does not read: \(error); left for a person")
            }
            guard existing?.state == .pending else { return .nothing }
        }
        let file = "\(shelf.path)/\(name)"
        let descriptor: Int32
        do throws(SystemCallError) {
            descriptor = try shelf.openEntry(name)
        } catch {
            return error.errno == ENOENT ? .nothing : .refused(file: file, reason: "cannot open: \(error)")
        }
        defer { try? SystemCall.close(descriptor) }  // read only
        guard let status = try? SystemCall.fstat(descriptor) else { return .refused(file: file, reason: "cannot examine") }
        guard status.st_mode & S_IFMT == S_IFREG else { return .refused(file: file, reason: "not a regular file") }
        guard status.st_uid == gateUID else {
            return .refused(file: file, reason: "owned by uid \(status.st_uid), not the gate (uid \(gateUID)): planted, never filed")
        }
        guard status.st_nlink == 1 else { return .refused(file: file, reason: "has \(status.st_nlink) links: not a result the gate wrote") }
        guard let read = try? SizedRead.bytes(descriptor, limit: Self.maxResultBytes), read.end == .endOfFile else {
            return .refused(file: file, reason: "unreadable or larger than \(Self.maxResultBytes) bytes")
        }
        let result: AcceptedResult
        switch AcceptedResult.parse(read.bytes, expectedDraftId: draftId, partner: partner) {
        case .success(let parsed): result = parsed
        case .failure(let refusal): return .refused(file: file, reason: refusal.message)
        }
        if existing == nil {
            guard let since = try? state.since(partner: partner, configured: configuredSince, now: now()) else {
                return .refused(file: file, reason: "the partner's first-run time could not be stored in the state folder")
            }
            guard result.decidedAt >= since else { return .nothing }
        }
        return .job(.file(result, record: existing))
    }
}
