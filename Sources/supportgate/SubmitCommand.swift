import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import StrictJSON
import SupportGateConfig
import SupportGateSpool

struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Drop drafts into the spool safely (temporary name, fsync, rename) and print where each went.",
        discussion: """
            Without --spool, the spool of the default configuration file, or \(GateConfiguration.defaultSpoolRoot).
            With --wait: one draft; waits for its result and prints it as `check` does. Exit codes: 0 accepted, \
            1 rejected, 2 bad usage or configuration, \(exitTimedOut) no result within --timeout (the draft stays \
            in the spool and is decided when the gate gets to it).
            """
    )

    /// No result in time: the same code as `reload`'s "no answer in time".
    static let exitTimedOut = ReloadCommand.exitTimedOut

    @Flag(name: .long, help: "Wait for the draft's result and print it (one draft).")
    var wait = false

    @Option(name: .long, help: ArgumentHelp("With --wait: give up after this many seconds.", valueName: "seconds"))
    var timeout: Double = 60

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
                    let name = try submitter.submit(bytes, name: file)
                    guard wait else {
                        StandardStreams.standardOutput("\(file) -> \(root)/incoming/\(name)")
                        continue
                    }
                    let locator = ResultLocator(paths: SpoolPaths(root: root), uid: getuid(), bytes: bytes, incomingName: name, droppedAt: droppedAt)
                    try printResult(of: locator, file: file, incoming: "\(root)/incoming/\(name)")
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
    private func printResult(of locator: ResultLocator, file: String, incoming: String) throws {
        guard let path = ResultWait.wait(for: locator, timeout: timeout) else {
            StandardStreams.standardError("error: \(file): no result after \(timeout) s; the draft waits as \(incoming) and is decided when the gate gets to it (is it running? `systemctl status supportgate`)")
            throw ExitCode(Self.exitTimedOut)
        }
        guard let result = ResultLocator.readResult(path) else {
            StandardStreams.standardError("error: \(file): its result \(path) cannot be read")
            throw ExitCode(2)
        }
        switch format {
        case .json: StandardStreams.standardOutput(JSONWriter.compact(.object(result)))
        case .pretty: StandardStreams.standardOutput(JSONWriter.pretty(.object(result)))
        case .text: StandardStreams.standardOutput(TextReport.render(result, source: file) + "\n  result \(path)")
        }
        if result["decision"]?.stringValue != "accept" { throw ExitCode(1) }
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
