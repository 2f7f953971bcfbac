import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import StrictJSON
import SupportGateCore

struct ResultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "result",
        abstract: "Print a draft's result and its filing with Microsoft, by the draft's id.",
        discussion: """
            Looks where the submitter finds its results: with --partner, accepted/<partner>/ID.json and \
            rejected/<partner>/ID.json (by exact name: a partner's shelves cannot be listed); always, the caller's own \
            rejected/uid-<uid>/ shelf. The newest wins. Exit codes: 0 accepted, 1 rejected, 2 bad usage or a result or \
            record that does not read, \(exitNoResult) no result (not found, not yours, or not yet there after --timeout).
            """
    )

    /// No result: the code `submit --wait` gives when none came in time.
    static let exitNoResult = SubmitCommand.exitTimedOut

    @Argument(help: ArgumentHelp("The draft's id (its draftId, or the id derived from the file name it was dropped under).", valueName: "draft-id"))
    var draftId: String

    @Option(name: .long, help: ArgumentHelp("The partner tenant the draft names: search its shelves too.", valueName: "tenant"))
    var partner: String?

    @OptionGroup var spool: SpoolOptions

    @Flag(name: .long, help: "Wait for the result to appear.")
    var wait = false

    @Option(name: .long, help: ArgumentHelp("With --wait: give up after this many seconds.", valueName: "seconds"))
    var timeout: Double = 60

    @Option(name: .long, help: "json (one line), pretty (indented JSON) or text (for people).")
    var format: CheckCommand.Format = .text

    func validate() throws {
        if !DraftParser.isValidDraftId(draftId) {
            throw ValidationError("a draft id is 1–64 characters of A–Z, a–z, 0–9, '.', '_' or '-'")
        }
        if let partner, TenantGUID(partner) == nil { throw ValidationError("--partner must be a tenant id (a GUID), not \(partner)") }
        if !(timeout > 0 && timeout <= 86_400) { throw ValidationError("--timeout must be more than 0 and at most 86400 seconds, not \(timeout)") }
    }

    func run() throws {
        let root = try spool.root()
        let search = ResultSearch(root: root, draftId: draftId, partner: partner.flatMap(TenantGUID.init)?.description, uid: getuid())
        do {
            let found = wait ? try ResultWait.wait(folders: { search.folders }, timeout: timeout) { try search.find() } : try search.find()
            guard let found else {
                StandardStreams.standardError("error: \(Self.notFound(search, waited: wait ? timeout : nil))")
                throw ExitCode(Self.exitNoResult)
            }
            let filing = try FilingLookup.record(for: found.result, root: root)
            StandardStreams.standardOutput(ResultReport.render(format, result: found.result, resultPath: found.path, source: found.path,
                                                               filing: filing, filingPath: FilingLookup.recordPath(for: found.result, root: root)))
            if found.result["decision"]?.stringValue != "accept" { throw ExitCode(1) }
        } catch let error as ResultFileError {
            // A parse error may quote the file's bytes.
            StandardStreams.standardError("error: \(TerminalText.escape(error.description))")
            throw ExitCode(2)
        }
    }

    /// One answer for "there is none" and "it is not yours": the words depend only on what
    /// the caller asked, never on what is on a shelf it may not read.
    static func notFound(_ search: ResultSearch, waited: Double?) -> String {
        let after = waited.map { " after \($0) s" } ?? ""
        guard search.partner != nil else {
            return "no result for draft \(search.draftId)\(after) on your own shelf \(search.submitterShelf)/ (not found or not yours); "
                + "without --partner only that shelf can be searched, since a partner's shelves are read by exact name: add --partner TENANT"
        }
        return "no result for draft \(search.draftId)\(after) (not found or not yours)"
    }
}
