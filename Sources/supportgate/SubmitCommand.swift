import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import StrictJSON
import SupportGateConfig
import SupportGateFiling
import SupportGateSpool
import SystemCalls

struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Drop drafts into the spool safely (temporary name, fsync, rename) and print where each went.",
        discussion: """
            Without --spool, the spool of the default configuration file, or \(GateConfiguration.defaultSpoolRoot).
            With --wait: one draft; waits for its result and prints it as `check` does. Exit codes: 0 accepted, \
            1 rejected, 2 bad usage or configuration, \(exitTimedOut) no result within --timeout (the draft stays \
            in the spool and is decided when the gate gets to it). With --until filed, an acceptance that goes to \
            Microsoft is waited on further, until its filing record is filed, rejected-by-microsoft or manual, and the \
            result is printed with its filing as `result` prints it; \(exitTimedOut) also when that does not happen \
            within --timeout (counted from the drop).
            """
    )

    /// No result in time: the same code as `reload`'s "no answer in time".
    static let exitTimedOut = ReloadCommand.exitTimedOut

    @Flag(name: .long, help: "Wait for the draft's result and print it (one draft).")
    var wait = false

    @Option(name: .long, help: ArgumentHelp("With --wait: give up after this many seconds.", valueName: "seconds"))
    var timeout: Double = 60

    enum Until: String, ExpressibleByArgument, CaseIterable {
        /// The decision: the result file.
        case decided
        /// The filing with Microsoft: a record that is no longer pending.
        case filed
    }

    @Option(name: .long, help: "With --wait: decided (the result) or filed (the result and its filing record).")
    var until: Until = .decided

    @Option(name: .long, help: "With --wait: json (one line), pretty (indented JSON) or text (for people).")
    var format: CheckCommand.Format = .text

    @Option(name: .long, help: ArgumentHelp("The spool root.", valueName: "dir"))
    var spool: String?

    @Option(name: .long, help: ArgumentHelp("Take the spool from this configuration file.", valueName: "file"))
    var config: String?

    @Argument(help: ArgumentHelp("Draft files.", valueName: "file"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one draft file") }
        if wait && files.count > 1 { throw ValidationError("--wait takes one draft file, not \(files.count)") }
        if until == .filed && !wait { throw ValidationError("--until filed needs --wait") }
        if !(timeout > 0 && timeout <= 86_400) { throw ValidationError("--timeout must be more than 0 and at most 86400 seconds, not \(timeout)") }
    }

    func run() throws {
        let root = try spoolRoot()
        let submitter: DraftSubmitter
        do {
            submitter = try DraftSubmitter(paths: SpoolPaths(root: root))
        } catch {
            StandardStreams.standardError("error: \(error)")
            throw ExitCode(2)
        }
        var failed = false
        for file in files {
            // Past the largest limits.maxDraftBytes a gate can have, the gate would only refuse it.
            switch FileContents.read(file, maxBytes: 16_777_216, limit: "the largest limits.maxDraftBytes a gate takes") {
            case .failure(let problem):
                StandardStreams.standardError("error: \(problem)")
                failed = true
            case .success(let bytes):
                do {
                    let droppedAt = ResultLocator.now()
                    let startedAt = MonotonicClock.seconds()
                    let name = try submitter.submit(bytes, name: file)
                    guard wait else {
                        StandardStreams.standardOutput("\(file) -> \(root)/incoming/\(name)")
                        continue
                    }
                    let locator = ResultLocator(paths: SpoolPaths(root: root), uid: getuid(), bytes: bytes, incomingName: name, droppedAt: droppedAt)
                    try printResult(of: locator, file: file, incoming: "\(root)/incoming/\(name)", root: root, startedAt: startedAt)
                } catch let exit as ExitCode {
                    throw exit
                } catch {
                    StandardStreams.standardError("error: \(file): \(error)")
                    failed = true
                }
            }
        }
        // With --wait, a draft that could not be dropped is the caller's problem to fix (2),
        // not a rejection (1).
        if failed { throw ExitCode(wait ? 2 : 1) }
    }

    /// Waits for the result, prints it, and exits 0 accepted, 1 rejected, 3 when time ran out.
    private func printResult(of locator: ResultLocator, file: String, incoming: String, root: String, startedAt: Double) throws {
        guard let path = ResultWait.wait(for: locator, timeout: timeout) else {
            StandardStreams.standardError("error: \(file): no result after \(timeout) s; the draft waits as \(incoming) and is decided when the gate gets to it (is it running? `systemctl status supportgate`)")
            throw ExitCode(Self.exitTimedOut)
        }
        guard let result = ResultLocator.readResult(path) else {
            StandardStreams.standardError("error: \(file): its result \(path) cannot be read")
            throw ExitCode(2)
        }
        if until == .filed {
            try printFiling(of: result, path: path, file: file, root: root, remaining: timeout - (MonotonicClock.seconds() - startedAt))
            return
        }
        switch format {
        case .json: StandardStreams.standardOutput(JSONWriter.compact(.object(result)))
        case .pretty: StandardStreams.standardOutput(JSONWriter.pretty(.object(result)))
        case .text: StandardStreams.standardOutput(TextReport.render(result, source: file) + "\n  result \(path)")
        }
        if result["decision"]?.stringValue != "accept" { throw ExitCode(1) }
    }

    /// `--until filed`: a rejection, or an acceptance the forwarder does not file, is printed
    /// at once; otherwise the wait goes on until the record leaves `pending`.
    private func printFiling(of result: JSONObject, path: String, file: String, root: String, remaining: Double) throws {
        var filing: FilingLookup.Loaded?
        let recordPath = FilingLookup.recordPath(for: result, root: root)
        do {
            if let recordPath {
                let folder = String(recordPath[..<(recordPath.lastIndex(of: "/") ?? recordPath.endIndex)])
                var latest: FilingLookup.Loaded?
                // A record is read afresh each turn; `pending` is not an answer.
                let settled = try ResultWait.wait(folders: { [folder] }, timeout: max(remaining, 0.001)) { () throws(ResultFileError) -> FilingLookup.Loaded? in
                    latest = try FilingLookup.record(for: result, root: root)
                    return latest?.record.state == .pending ? nil : latest
                }
                filing = settled ?? latest
            }
        } catch {
            StandardStreams.standardError("error: \(file): \(TerminalText.escape("\(error)"))")
            throw ExitCode(2)
        }
        StandardStreams.standardOutput(ResultReport.render(format, result: result, resultPath: path, source: file, filing: filing, filingPath: recordPath))
        if result["decision"]?.stringValue != "accept" { throw ExitCode(1) }
        if recordPath != nil, filing == nil || filing?.record.state == .pending {
            let state = filing == nil ? "no filing record yet" : "its filing still pending"
            StandardStreams.standardError("error: \(file): accepted, but \(state) after \(timeout) s; the forwarder files it when it gets to it (is it running? `systemctl status supportgate-forward`; is the partner's credentials file in place?)")
            throw ExitCode(Self.exitTimedOut)
        }
    }

    private func spoolRoot() throws -> String {
        if let spool { return spool }
        let path = config ?? GateConfiguration.defaultPath
        switch GateLoader.loadConfiguration(path: path) {
        case .success(let configuration): return configuration.spool.root
        case .failure(let error):
            if config == nil {
                StandardStreams.standardError("note: \(path) not usable; submitting to \(GateConfiguration.defaultSpoolRoot)")
                return GateConfiguration.defaultSpoolRoot
            }
            StandardStreams.standardError(error.problems.map { "error: \($0)" }.joined(separator: "\n"))
            throw ExitCode(2)
        }
    }
}
