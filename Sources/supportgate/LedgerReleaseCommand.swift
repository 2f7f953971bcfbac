import ArgumentParser
import SupportGateConfig
import SupportGateSystemd

struct LedgerReleaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Give back the incident a decision used, for example when Microsoft did not count the ticket.",
        discussion: """
            The accepted draft stays in the ledger, marked released with the reason; it no longer \
            counts against the allowance. Its identical repeat still gets the same decision and never \
            uses an incident again. Logged to the journal (MESSAGE_ID \(MessageID.incidentReleased.rawValue)). \
            Exit 0 when released (or released before), 1 when no accepted draft used an incident under this decision id, \
            2 on bad usage, bad configuration or a ledger that cannot be written.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The configuration file.", valueName: "file"))
    var config: String = GateConfiguration.defaultPath

    @Argument(help: ArgumentHelp("The decisionId of the accepted result.", valueName: "decision-id"))
    var decisionId: String

    @Option(name: .long, help: ArgumentHelp("Why it is given back; kept in the ledger and the journal.", valueName: "text"))
    var reason: String

    @Option(name: .long, help: "Where the release is logged: the journal (stderr when there is none), or stderr.")
    var log: DaemonCommand.LogTarget = .journal

    func validate() throws {
        if let problem = LedgerAccess.problem(withText: decisionId, maxLength: 128) {
            throw ValidationError("the decision id \(problem)")
        }
        if reason.allSatisfy(\.isWhitespace) { throw ValidationError("--reason must say why the incident is given back") }
        if let problem = LedgerAccess.problem(withText: reason, maxLength: 500) {
            throw ValidationError("--reason \(problem)")
        }
    }

    func run() throws {
        let configuration = try GateOptions.loadConfiguration(path: config)
        try LedgerAccess.release(decisionId: decisionId, reason: reason, ledger: configuration.ledger, journal: log.sink())
    }
}
