import BusinessCalendar
import SupportGateConfig
import SupportGateFiling
import SupportGateSpool
import SupportGateSystemd
import Synchronization
import SystemCalls

/// `supportgate forward` put together from the configuration: the state folder, the
/// credentials, the record shelf, the scanner, the filer and the engine. The gateway is
/// given (the command's factory makes `MicrosoftAPI.MicrosoftClient`; tests a fake).
public final class Forwarder: Sendable {
    public let settings: ForwardSettings
    public let credentials: [String: PartnerCredentials]
    public let state: ForwarderState
    public let records: RecordShelf
    public let scanner: ShelfScanner
    public let engine: ForwardEngine
    public let telemetry: ForwardTelemetry
    public let notifier: any ServiceNotifier
    public let rescanIntervalSeconds: Int
    let statusSweep = StatusSweep()

    public struct StartError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// What the gateway factory is given: the credentials the forwarder loaded, the state
    /// folder as the refresh-token store, and the configured extra trust anchors.
    public struct GatewayContext: Sendable {
        public let settings: ForwardSettings
        public let refreshTokens: any RefreshTokenStore
        public let events: @Sendable (MicrosoftEvent) -> Void
    }

    public typealias GatewayFactory = @Sendable (GatewayContext) throws -> any MicrosoftGateway

    public init(configuration: GateConfiguration, environment: [String: String], journal: any JournalSink, notifier: any ServiceNotifier,
                makeGateway: GatewayFactory, now: @escaping @Sendable () -> Timestamp = WallClock.now) throws(StartError) {
        var settings = configuration.forward
        if let directory = environment["STATE_DIRECTORY"], !directory.isEmpty {
            // systemd may list several, separated by ':'; ours is the first.
            settings.stateDirectory = String(directory.split(separator: ":").first ?? Substring(directory))
        }
        self.settings = settings
        self.notifier = notifier
        rescanIntervalSeconds = configuration.spool.rescanIntervalSeconds
        metricsPath = configuration.metrics.textfile.map { String($0.dropLast(".prom".count)) + "-forward.prom" }
        let telemetry = ForwardTelemetry(journal: journal)
        self.telemetry = telemetry
        do {
            state = try ForwarderState(path: settings.stateDirectory)
            records = try RecordShelf(spoolRoot: configuration.spool.root)
            scanner = try ShelfScanner(records: records, state: state, configuredSince: settings.sinceTimestamp, now: now)
        } catch {
            throw StartError(description: error.description)
        }
        let folder = CredentialsFolder.locate(configured: settings.credentials, environment: environment)
        let loaded = folder.load()
        for problem in loaded.problems {
            var entry = JournalEntry(.credentialsRefused, "\(problem): that partner is not filed", priority: .error)
            entry.add("CREDENTIALS_FILE", problem.file)
            journal.send(entry)
        }
        credentials = loaded.partners
        // Each partner's first run is now, not when its first result happens to be looked
        // at: a result decided in between would otherwise fall before it and never be filed.
        let started = now()
        for partner in loaded.partners.keys.sorted() {
            do {
                _ = try state.since(partner: partner, configured: settings.sinceTimestamp, now: started)
            } catch {
                throw StartError(description: "cannot store the first run of partner \(partner): \(error)")
            }
        }
        let gateway: any MicrosoftGateway
        do {
            gateway = try makeGateway(GatewayContext(settings: settings, refreshTokens: state, events: { event in
                if case .tokenRefused = event { telemetry.metrics.withLock { $0.tokenFailures += 1 } }
            }))
        } catch {
            throw StartError(description: "cannot make the HTTPS client: \(error)")
        }
        let (partners, endpoints, records) = (loaded.partners, settings.endpoints, records)
        var filer = Filer(gateway: gateway, records: records, credentials: { partners[$0] }, endpoints: { endpoints[$0] }, now: now)
        let accepted = records.accepted
        filer.submissionPath = { key in
            guard let shelf = try? DirectoryHandle(in: accepted, name: FileName(key.partner)),
                  let descriptor = try? shelf.openEntry(FileName(key.draftId + ".json")) else { return nil }
            defer { try? SystemCall.close(descriptor) }  // read only
            guard let read = try? SizedRead.bytes(descriptor, limit: ShelfScanner.maxResultBytes),
                  case .success(let result) = AcceptedResult.parse(read.bytes, expectedDraftId: key.draftId, partner: key.partner) else { return nil }
            return result.path
        }
        let state = self.state
        filer.linkDone = { request, refusal in
            if let refusal { telemetry.refused(file: "\(state.links.path)/\(request.fileName)", reason: "link request not applied: \(refusal)") }
            state.remove(request)
        }
        engine = ForwardEngine(filer: filer, telemetry: telemetry, notifier: notifier, concurrency: settings.concurrency,
                               perPartnerConcurrency: settings.perPartnerConcurrency)
    }

    /// The partners filed: those with credentials, in a fixed order.
    public var partners: [String] { credentials.keys.sorted() }

    /// Every job there is now: each credentialed partner's shelf (`resume`: take up pending
    /// records), and the link requests. Refusals go to the journal.
    public func scanAll(resume: Bool) -> [FilingJob] {
        var jobs: [FilingJob] = []
        for partner in partners {
            for found in scanner.scan(partner: partner, resume: resume) {
                switch found {
                case .job(let job): jobs.append(job)
                case .refused(let file, let reason): telemetry.refused(file: file, reason: reason)
                case .nothing: break
                }
            }
        }
        for request in state.linkRequests() where credentials[request.partner] != nil || records.exists(partner: request.partner, draftId: request.draftId) {
            jobs.append(.link(request))
        }
        return jobs
    }

    /// `--once`: files what is pending, applies link requests, and returns. A job that meets
    /// five faults is left as it is on disk for the next run and counts as failed.
    public func runOnce() async -> ForwardEngine.Summary {
        let (events, input) = AsyncStream.makeStream(of: ForwardEngine.Event.self)
        input.yield(.found(scanAll(resume: true)))
        input.yield(.endOfInput)
        let summary = await engine.drive(events, input, retryLimit: 5)
        input.finish()
        writeMetrics()
        removeAppliedLinks()
        return summary
    }

    /// Link requests whose record now carries their id are done.
    func removeAppliedLinks() {
        for request in state.linkRequests() {
            if let record = try? records.read(partner: request.partner, draftId: request.draftId),
               record.state != .manual || record.ticketId == request.serviceRequestId {
                state.remove(request)
            }
        }
    }

    /// Open tickets due a status check, within the budget (`StatusSweep`).
    public func statusDue(budget: Int, now: Int64) -> [FilingJob] {
        statusSweep.due(partners: partners, records: records, intervalMinutes: settings.statusIntervalMinutes, budget: budget, now: now)
    }

    public func writeMetrics() {
        guard let path = metricsPath else { return }
        let text = telemetry.metrics.withLock { $0.text }
        try? MetricsTextfile(path: path).write(text)  // metrics are best effort; filing goes on
    }

    /// `metrics.textfile` with `-forward` before `.prom`, so the gate's and the forwarder's
    /// files sit side by side in the collector's folder.
    public let metricsPath: String?
}
