import ArgumentParser
import SupportGateConfig
import SupportGateCore
import SupportGateLedger

struct LedgerShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show each entitlement's allowance, the incidents used and left, and the last accepted drafts that used one.",
        discussion: """
            The allowance is the directory's "incidents" (absent or null: unlimited). Reads \
            the ledger without changing it. Exit 0, 2 on bad usage, bad configuration, an \
            unknown partner or entitlement, or a ledger that cannot be read.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var gate: GateOptions

    @Option(name: .long, help: ArgumentHelp("Only this partner (its tenant id).", valueName: "id"))
    var partner: String?

    @Option(name: .long, help: ArgumentHelp("Only this entitlement (its id).", valueName: "id"))
    var entitlement: String?

    @Option(name: .long, help: ArgumentHelp("How many of the last accepted drafts that used an incident to list per entitlement.", valueName: "n"))
    var last: Int = 10

    @Option(name: .long, help: "Output format: text (for people) or json.")
    var format: Format = .text

    func validate() throws {
        guard (0...10_000).contains(last) else { throw ValidationError("--last must be between 0 and 10000") }
        if let partner, TenantGUID(partner) == nil {
            throw ValidationError("--partner \"\(partner)\" is not a tenant id (a GUID such as c0a70500-0000-4000-8000-000000000001)")
        }
    }

    func run() throws {
        let loaded = try gate.load()
        let directory = loaded.evaluator.engine.directory
        let path = loaded.configuration.ledger.ledgerLocation.description
        var partners = directory.partners.values.sorted { $0.tenantId.description < $1.tenantId.description }
        if let partner {
            let id = TenantGUID(partner)!
            guard let found = directory.partners[id] else {
                var message = "error: partner \(partner) is not in the tenant directory"
                if let near = NameSuggestion.closest(to: partner, among: partners.map(\.tenantId.description)) { message += " (did you mean \(near)?)" }
                StandardStreams.standardError(message)
                throw ExitCode(2)
            }
            partners = [found]
        }
        if let entitlement {
            let ids = partners.flatMap { $0.entitlements.map(\.id) }
            guard ids.contains(entitlement) else {
                var message = "error: no entitlement \"\(entitlement)\"\(partner.map { " of partner \($0)" } ?? "") in the tenant directory"
                if let near = NameSuggestion.closest(to: entitlement, among: ids) { message += " (did you mean \"\(near)\"?)" }
                StandardStreams.standardError(message)
                throw ExitCode(2)
            }
        }
        let ledger: (any IncidentLedger)?
        switch LedgerAccess.openForReading(loaded.configuration.ledger) {
        case .opened(let opened): ledger = opened
        case .missing: ledger = nil
        case .unreadable(let error):
            StandardStreams.standardError("error: \(error)")
            throw ExitCode(2)
        }
        var report = LedgerReport(location: path, exists: ledger != nil)
        do throws(LedgerError) {
            for partner in partners {
                let counts = try ledger?.inUse(partner: partner.tenantId.description) ?? [:]
                var rows: [LedgerReport.Row] = []
                for held in partner.entitlements where entitlement == nil || held.id == entitlement {
                    let recent = try ledger?.recent(partner: partner.tenantId.description, entitlement: held.id, limit: last) ?? []
                    rows.append(LedgerReport.Row(entitlement: held, used: counts[held.id] ?? 0, recent: recent))
                }
                if !rows.isEmpty { report.partners.append((partner, rows)) }
            }
        } catch {
            StandardStreams.standardError("error: \(error)")
            throw ExitCode(2)
        }
        StandardStreams.standardOutput(format == .json ? report.json : report.text)
    }
}
