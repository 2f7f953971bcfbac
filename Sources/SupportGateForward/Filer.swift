import BusinessCalendar
import StrictJSON
import SupportGateFiling
import SupportGateSpool

/// Runs one job against Microsoft with the record as its memory (contract §8, "Exactly
/// once"). Before any send the record says `pending` with `attempts` one higher, on disk; a
/// job that finds `attempts` above 0 sent before without seeing the outcome, so it asks
/// Microsoft by the ticket's name first and sends only after a 404.
public struct Filer: Sendable {
    public let gateway: any MicrosoftGateway
    public let records: RecordShelf
    public let credentials: @Sendable (String) -> PartnerCredentials?
    public let endpoints: @Sendable (String) -> MicrosoftEndpoints?
    public let now: @Sendable () -> Timestamp
    /// Test hook: called at each crash point the tests stop at (after the pending write,
    /// after the send, after the final write). Production passes nothing.
    public var checkpoint: @Sendable (Checkpoint) throws -> Void = { _ in }
    /// The submission's path of a filed ticket (from its result), to follow its status at the
    /// same scope it was filed at; nil when the result is gone.
    public var submissionPath: @Sendable (RecordKey) -> String? = { _ in nil }
    /// A link request is done with (applied, or refused with the reason): removed from the
    /// state folder, so it is applied once.
    public var linkDone: @Sendable (ForwarderState.LinkRequest, _ refusal: String?) -> Void = { _, _ in }

    public enum Checkpoint: Sendable, Hashable {
        case pendingWritten, sent, recorded
    }

    /// The Partner Center page a person files a service request from.
    public static let partnerCenterPage = "https://partner.microsoft.com/dashboard/v2/support/servicerequests"

    public init(gateway: any MicrosoftGateway, records: RecordShelf, credentials: @escaping @Sendable (String) -> PartnerCredentials?,
                endpoints: @escaping @Sendable (String) -> MicrosoftEndpoints?, now: @escaping @Sendable () -> Timestamp) {
        self.gateway = gateway
        self.records = records
        self.credentials = credentials
        self.endpoints = endpoints
        self.now = now
    }

    public func run(_ job: FilingJob) async throws -> JobOutcome {
        switch job {
        case .file(let result, _):
            // The record on disk is the memory, never the job's copy: a job retried after an
            // unseen outcome must see the attempt it made.
            let records = self.records
            let read: (record: FilingRecord?, readable: Bool) = await BlockingIO.run {
                do {
                    return (try records.read(partner: result.partnerTenantId, draftId: result.draftId), true)
                } catch {
                    return (nil, false)
                }
            }
            let onDisk = read.record
            guard read.readable else {
                return .local("the record of \(result.partnerTenantId)/\(result.draftId) does not read; left for a person")
            }
            return try await file(result, record: onDisk ?? result.freshRecord())
        case .status(let record): return try await follow(record)
        case .link(let request): return await link(request)
        }
    }

    /// `syncFolder`: the pending record before a send must be on disk, rename included; every
    /// other record, lost in a crash, leaves the state before it, which a restart redoes or
    /// settles by asking Microsoft by name.
    private func write(_ record: FilingRecord, syncFolder: Bool = false) async -> String? {
        let records = self.records
        return await BlockingIO.run { () -> String? in
            do {
                try records.write(record, syncFolder: syncFolder)
                return nil
            } catch {
                return "\(error)"
            }
        }
    }

    private func file(_ result: AcceptedResult, record start: FilingRecord) async throws -> JobOutcome {
        var record = start
        guard record.state == .pending else { return .skipped(nil) }
        if result.target == .partnerCenter {
            record.state = .manual
            record.manual = ManualFiling(page: Self.partnerCenterPage, serviceRequest: result.body)
            if let problem = await write(record) { return .local(problem) }
            return .settled(record, event: .manual)
        }
        guard let credentials = credentials(result.partnerTenantId) else { return .skipped("no credentials") }
        guard let endpoints = endpoints(result.cloud), let request = result.azureRequest(endpoints: endpoints) else {
            return .skipped("no endpoints for cloud \(result.cloud)")
        }
        if record.attempts > 0 {
            // A send went out whose answer was not seen: find out before sending again.
            let found: AzureTicket?
            do throws(MicrosoftFailure) {
                found = try await gateway.findAzureTicket(request, credentials: credentials)
            } catch {
                return .fault(error, sent: false)
            }
            if let found { return try await settleFiled(&record, found) }
        }
        record.attempts += 1
        record.state = .pending
        if let problem = await write(record, syncFolder: true) { return .local(problem) }
        try checkpoint(.pendingWritten)
        let ticket: AzureTicket
        do throws(MicrosoftFailure) {
            ticket = try await gateway.fileAzureTicket(request, credentials: credentials)
        } catch {
            try checkpoint(.sent)
            // A conflict may be our own ticket, made by a send whose answer was lost: the name
            // says so before the conflict is taken for a refusal.
            if case .rejected(409, _, _) = error, case .some(.some(let ticket)) = try? await gateway.findAzureTicket(request, credentials: credentials) {
                return try await settleFiled(&record, ticket)
            }
            return await failed(&record, error)
        }
        try checkpoint(.sent)
        return try await settleFiled(&record, ticket)
    }

    private func settleFiled(_ record: inout FilingRecord, _ ticket: AzureTicket) async throws -> JobOutcome {
        record.state = .filed
        record.ticketId = ticket.supportTicketId
        record.status = ticket.status
        record.filedAt = now().rfc3339
        record.statusCheckedAt = record.filedAt
        record.lastError = nil
        if let problem = await write(record) { return .local(problem) }
        try checkpoint(.recorded)
        return .settled(record, event: .filed)
    }

    private func failed(_ record: inout FilingRecord, _ failure: MicrosoftFailure) async -> JobOutcome {
        let at = now().rfc3339
        switch failure {
        case .rejected(let status, let code, let message):
            record.state = .rejectedByMicrosoft
            record.lastError = FilingError(code: code, message: message, httpStatus: status, at: at)
            if let problem = await write(record) { return .local(problem) }
            return .settled(record, event: .rejected)
        case .throttled(let status, _):
            record.lastError = FilingError(code: "Throttled", message: "Microsoft asked to wait (HTTP \(status))", httpStatus: status, at: at)
        case .unavailable(let reason):
            record.lastError = FilingError(code: "Unavailable", message: reason, httpStatus: nil, at: at)
        case .unauthorized(let code, let message):
            record.lastError = FilingError(code: code, message: message, httpStatus: 401, at: at)
        }
        // The error is shown to the submitter; the job is retried either way.
        _ = await write(record)
        return .fault(failure, sent: true)
    }

    private func follow(_ start: FilingRecord) async throws -> JobOutcome {
        var record = start
        guard let credentials = credentials(record.partnerTenantId), let endpoints = endpoints(record.cloud) else { return .skipped("no credentials") }
        let before = record.status
        do throws(MicrosoftFailure) {
            switch record.state {
            case .filed:
                guard let name = record.ticketName,
                      let path = submissionPath(RecordKey(partner: record.partnerTenantId, draftId: record.draftId)) ?? record.azurePath else { return .skipped(nil) }
                let request = AzureTicketRequest(partnerTenantId: record.partnerTenantId, customerTenantId: record.customerTenantId,
                                                 endpoints: endpoints, path: path, body: [], ticketName: name)
                guard let ticket = try await gateway.findAzureTicket(request, credentials: credentials) else { return .skipped("ticket not found") }
                record.status = ticket.status
                if record.ticketId == nil { record.ticketId = ticket.supportTicketId }
            case .manual:
                guard let id = record.ticketId else { return .skipped(nil) }
                record.status = try await gateway.serviceRequest(id: id, partnerTenantId: record.partnerTenantId, endpoints: endpoints,
                                                                 credentials: credentials).status
            case .pending, .rejectedByMicrosoft:
                return .skipped(nil)
            }
        } catch {
            return .fault(error, sent: false)
        }
        record.statusCheckedAt = now().rfc3339
        if let problem = await write(record) { return .local(problem) }
        return .settled(record, event: before == record.status ? nil : .statusChanged(from: before))
    }

    private func link(_ request: ForwarderState.LinkRequest) async -> JobOutcome {
        let existing: FilingRecord?
        do {
            existing = try records.read(partner: request.partner, draftId: request.draftId)
        } catch {
            return .local("the record of \(request.partner)/\(request.draftId) does not read: \(error)")
        }
        guard var record = existing, record.state == .manual else {
            linkDone(request, "no manual (Partner Center) record of this draft")
            return .skipped("no manual record for this draft")
        }
        guard record.ticketId != request.serviceRequestId else {
            linkDone(request, nil)
            return .skipped(nil)
        }
        record.ticketId = request.serviceRequestId
        record.status = nil
        record.filedAt = now().rfc3339
        record.statusCheckedAt = nil
        if let problem = await write(record) { return .local(problem) }
        linkDone(request, nil)
        return .settled(record, event: .linked)
    }
}

extension FilingRecord {
    /// Where to GET a ticket whose result is gone (spool retention): its name at tenant scope.
    var azurePath: String? {
        ticketName.map { "/providers/Microsoft.Support/supportTickets/\($0)?api-version=2024-04-01" }
    }
}
