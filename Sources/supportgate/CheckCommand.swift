import ArgumentParser
import BusinessCalendar
import StrictJSON
import SupportGateConfig
import SupportGateCore
import SupportGateDaemon
import SupportGateLedger
import SupportGateSpool
#if canImport(Glibc)
import Glibc
#endif

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Decide drafts offline with the gate's engine and print one result per draft.",
        discussion: """
            Results are JSON Lines on stdout, in the order the drafts were given. \
            Exit 0 when every draft is accepted, 1 when at least one is rejected, 2 on bad usage or configuration. \
            Without --as-uid the submitter check is skipped: check does not know who will drop the draft.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        /// JSON Lines: one compact result per line.
        case json
        /// One indented JSON result per draft (how Config/examples/*.expected.json are written).
        case pretty
        /// For people.
        case text
    }

    @OptionGroup var gate: GateOptions

    @Option(name: .long, help: ArgumentHelp("Decide as of this instant (RFC 3339), instead of now.", valueName: "time"))
    var at: String?

    @Option(name: .customLong("as-uid"), help: ArgumentHelp("Check the submitter rule as if this uid had dropped every draft.", valueName: "uid"))
    var asUID: UInt32?

    @Option(name: .long, help: "Output format: json (JSON Lines), pretty (indented JSON) or text (for people).")
    var format: Format = .json

    @Argument(help: ArgumentHelp("Draft files; - reads one draft from standard input.", valueName: "draft"))
    var drafts: [String]

    func validate() throws {
        if drafts.isEmpty {
            throw ValidationError("give at least one draft file, or - for standard input")
        }
        if drafts.filter({ $0 == "-" }).count > 1 {
            throw ValidationError("- (standard input) can be given only once")
        }
        if let at, Timestamp.parseRFC3339(at) == nil {
            throw ValidationError("--at \"\(at)\" is not an RFC 3339 date-time such as 2026-11-27T17:30:00Z")
        }
    }

    func run() throws {
        let loaded = try gate.load()
        let instant = at.flatMap(Timestamp.parseRFC3339) ?? SystemClock.now()
        let submitter = asUID.map { SubmitterLookup.identity(uid: $0) }
        let maxBytes = loaded.configuration.limits.maxDraftBytes
        let usage = Self.recordedIncidents(loaded.configuration.ledger)
        var history = CheckHistory()
        var anyRejected = false
        for path in drafts {
            let fallbackId = path == "-" ? "stdin" : DraftIdentifier.derive(fromFileName: Self.fileName(path))
            let read = path == "-" ? StandardInput.read(maxBytes: maxBytes) : DraftFileReader.read(path: path, maxBytes: maxBytes)
            let result: DecisionResult
            switch read {
            case .success(let file):
                let evaluation = loaded.evaluator.evaluate(file.bytes, fallbackDraftId: fallbackId, submitter: submitter, at: instant,
                                                           history: &history, usage: usage)
                // CheckHistory keeps every result, so a repeat always carries its earlier one.
                guard let shown = evaluation.result else { preconditionFailure("check's history lost the result of draft \(fallbackId)") }
                result = shown
            case .failure(let finding):
                result = loaded.evaluator.unreadable(finding, fallbackDraftId: fallbackId, at: instant)
            }
            anyRejected = anyRejected || !result.decision.isAccepted
            switch format {
            case .json: StandardStreams.standardOutput(JSONWriter.compact(result.json))
            case .pretty: StandardStreams.standardOutput(JSONWriter.pretty(result.json))
            case .text: StandardStreams.standardOutput(TextReport.render(result.json.objectValue ?? JSONObject(), source: path))
            }
        }
        if anyRejected {
            throw ExitCode(1)
        }
    }

    /// The ledger's counts when it can be read (`check` changes nothing in it); otherwise
    /// a note that the decision is made without one.
    static func recordedIncidents(_ settings: GateConfiguration.LedgerSettings) -> (any IncidentUsage)? {
        let path = settings.ledgerLocation.description
        let ledger: any IncidentLedger
        switch LedgerAccess.openForReading(settings) {
        case .opened(let opened): ledger = opened
        case .missing:
            StandardStreams.standardError("note: no incident ledger at \(path) yet: deciding as if no incident had been used")
            return nil
        case .unreadable(let error):
            StandardStreams.standardError("note: deciding without the incident ledger (\(error)): entitlements are not counted down and results do not say how many incidents are left")
            return nil
        }
        do throws(LedgerError) {
            var counts: [TenantGUID: [String: Int]] = [:]
            for partner in try ledger.partners() {
                guard let id = TenantGUID(partner) else { continue }
                counts[id] = try ledger.inUse(partner: partner)
            }
            return RecordedIncidents(counts)
        } catch {
            StandardStreams.standardError("note: deciding without the incident ledger (\(error))")
            return nil
        }
    }

    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
