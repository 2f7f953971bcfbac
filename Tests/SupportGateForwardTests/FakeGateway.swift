import SupportGateFiling
import Synchronization

/// Microsoft as the tests need it: tickets by name, every create counted, faults scripted per
/// call. It keeps the truth the forwarder must not contradict: one ticket per name.
final class FakeGateway: MicrosoftGateway {
    enum Fault: Sendable {
        /// Fails before anything happens at Microsoft.
        case before(MicrosoftFailure)
        /// The ticket is created, then the answer is lost (a reset, a timeout).
        case afterCreate(MicrosoftFailure)
    }

    struct State {
        var tickets: [String: AzureTicket] = [:]
        var creates = 0
        var creations: [String: Int] = [:]
        var finds = 0
        var statusReads = 0
        var createFaults: [Fault] = []
        var findFaults: [MicrosoftFailure] = []
        var serviceRequests: [String: String] = [:]
        /// Every request's path, body and credentials' client id, in order.
        var requests: [String] = []
        var nextNumber = 2_612_070_000_000_001
    }

    let state = Mutex(State())
    /// Each call's time at Microsoft (the benchmark's double answers every request after 50 ms:
    /// a filing is PUT, poll, GET, so three of these).
    let latency: Duration

    /// Keeps no tickets (the memory test's: only the forwarder's memory is measured).
    let forgetful: Bool

    init(latency: Duration = .zero, forgetful: Bool = false) {
        self.latency = latency
        self.forgetful = forgetful
    }

    private func wait(_ requests: Int) async {
        if latency > .zero { try? await Task.sleep(for: latency * requests) }
    }

    var creates: Int { state.withLock { $0.creates } }
    var finds: Int { state.withLock { $0.finds } }

    func failCreates(_ faults: [Fault]) { state.withLock { $0.createFaults = faults } }
    func failFinds(_ faults: [MicrosoftFailure]) { state.withLock { $0.findFaults = faults } }

    func fileAzureTicket(_ request: AzureTicketRequest, credentials: PartnerCredentials) async throws(MicrosoftFailure) -> AzureTicket {
        await wait(3)
        let outcome: Result<AzureTicket, MicrosoftFailure> = state.withLock { state in
            if !forgetful { state.requests.append("PUT \(request.path)") }
            let fault = state.createFaults.isEmpty ? nil : state.createFaults.removeFirst()
            if case .before(let failure)? = fault { return .failure(failure) }
            // Every PUT that reaches Microsoft counts: a second one for a name is the bug.
            state.creates += 1
            if forgetful {
                return .success(AzureTicket(name: request.ticketName, supportTicketId: "1", status: "Open"))
            }
            state.creations[request.ticketName, default: 0] += 1
            if let existing = state.tickets[request.ticketName] { return .success(existing) }
            let ticket = AzureTicket(name: request.ticketName, supportTicketId: String(state.nextNumber), status: "Open")
            state.nextNumber += 1
            state.tickets[request.ticketName] = ticket
            if case .afterCreate(let failure)? = fault { return .failure(failure) }
            return .success(ticket)
        }
        return try outcome.get()
    }

    func findAzureTicket(_ request: AzureTicketRequest, credentials: PartnerCredentials) async throws(MicrosoftFailure) -> AzureTicket? {
        await wait(1)
        let outcome: Result<AzureTicket?, MicrosoftFailure> = state.withLock { state in
            state.requests.append("GET \(request.path)")
            state.finds += 1
            if !state.findFaults.isEmpty { return .failure(state.findFaults.removeFirst()) }
            return .success(state.tickets[request.ticketName])
        }
        return try outcome.get()
    }

    func serviceRequest(id: String, partnerTenantId: String, endpoints: MicrosoftEndpoints,
                        credentials: PartnerCredentials) async throws(MicrosoftFailure) -> ServiceRequestStatus {
        let status = state.withLock { state in
            state.statusReads += 1
            return state.serviceRequests[id]
        }
        guard let status else { throw .rejected(httpStatus: 404, code: "NotFound", message: "no such service request") }
        return ServiceRequestStatus(id: id, status: status)
    }

    func close(_ name: String) {
        state.withLock { state in
            if let ticket = state.tickets[name] {
                state.tickets[name] = AzureTicket(name: name, supportTicketId: ticket.supportTicketId, status: "Closed")
            }
        }
    }
}
