import ArgumentParser
import SupportGateConfig
import SupportGateSpool

struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Drop drafts into the spool safely (temporary name, fsync, rename) and print where each went.",
        discussion: "Without --spool, the spool of the default configuration file, or \(GateConfiguration.defaultSpoolRoot)."
    )

    @Option(name: .long, help: ArgumentHelp("The spool root.", valueName: "dir"))
    var spool: String?

    @Option(name: .long, help: ArgumentHelp("Take the spool from this configuration file.", valueName: "file"))
    var config: String?

    @Argument(help: ArgumentHelp("Draft files.", valueName: "file"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one draft file") }
    }

    func run() throws {
        let root = try spoolRoot()
        let submitter: DraftSubmitter
        do {
            submitter = try DraftSubmitter(layout: SpoolLayout(root: root))
        } catch {
            FileHandleOutput.standardError("error: \(error)")
            throw ExitCode(2)
        }
        var failed = false
        for file in files {
            // Past the largest limits.maxDraftBytes a gate can have, the gate would only refuse it.
            switch FileContents.read(file, maxBytes: 16_777_216, limit: "the largest limits.maxDraftBytes a gate takes") {
            case .failure(let problem):
                FileHandleOutput.standardError("error: \(problem)")
                failed = true
            case .success(let bytes):
                do {
                    let name = try submitter.submit(bytes, name: file)
                    FileHandleOutput.standardOutput("\(file) -> \(root)/incoming/\(name)")
                } catch {
                    FileHandleOutput.standardError("error: \(file): \(error)")
                    failed = true
                }
            }
        }
        if failed { throw ExitCode(1) }
    }

    private func spoolRoot() throws -> String {
        if let spool { return spool }
        let path = config ?? GateConfiguration.defaultPath
        switch GateLoader.loadConfiguration(path: path) {
        case .success(let configuration): return configuration.spool.root
        case .failure(let error):
            if config == nil {
                FileHandleOutput.standardError("note: \(path) not usable; submitting to \(GateConfiguration.defaultSpoolRoot)")
                return GateConfiguration.defaultSpoolRoot
            }
            FileHandleOutput.standardError(error.problems.map { "error: \($0)" }.joined(separator: "\n"))
            throw ExitCode(2)
        }
    }
}
