import BusinessCalendar
import SupportGateFiling

/// One thing the forwarder does for one record: file a result, follow a ticket's status, or
/// apply a link request. At most one job per record runs at a time (the schedule's key), so
/// the record's writes never race.
public enum FilingJob: Sendable, Hashable {
    /// `record`: what is on disk already (a pending record after a crash), or nil.
    case file(AcceptedResult, record: FilingRecord?)
    case status(FilingRecord)
    case link(ForwarderState.LinkRequest)

    public var key: RecordKey {
        switch self {
        case .file(let result, _): RecordKey(partner: result.partnerTenantId, draftId: result.draftId)
        case .status(let record): RecordKey(partner: record.partnerTenantId, draftId: record.draftId)
        case .link(let request): RecordKey(partner: request.partner, draftId: request.draftId)
        }
    }

    /// Order within a partner: decision order (decidedAt, then name); status and links after.
    var order: (Int, Int64, String) {
        switch self {
        case .file(let result, _): (0, result.decidedAt.millisecondsSinceEpoch, result.draftId)
        case .link(let request): (1, 0, request.draftId)
        case .status(let record): (2, 0, record.draftId)
        }
    }

    /// The cloud whose endpoint the job needs, for holding back jobs while it is down.
    var cloud: String {
        switch self {
        case .file(let result, _): result.cloud
        case .status(let record): record.cloud
        case .link: "local"
        }
    }
}

public struct RecordKey: Sendable, Hashable, CustomStringConvertible {
    public let partner: String
    public let draftId: String
    public var description: String { "\(partner)/\(draftId)" }
}

/// How a job ended.
public enum JobOutcome: Sendable {
    /// The record as now written (filed, rejected, manual, linked, status changed or not).
    case settled(FilingRecord, event: FilingEvent?)
    /// Microsoft did not give an answer to keep; the job waits and runs again. `sent`: a
    /// request that may have created the ticket went out (its outcome is unknown).
    case fault(MicrosoftFailure, sent: Bool)
    /// The forwarder could not write its record (or read a link's record): the job waits
    /// and runs again; the message is located.
    case local(String)
    /// Nothing to do: the record was settled already, or the link's record is not manual.
    case skipped(String?)
}

/// What the journal and metrics say about a settled job.
public enum FilingEvent: Sendable, Hashable {
    case filed
    case rejected
    case manual
    case linked
    case statusChanged(from: String?)
}
