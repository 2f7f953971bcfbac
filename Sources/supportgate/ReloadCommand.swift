import ArgumentParser
import Foundation
import SupportGateDaemon

struct ReloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Ask a running gate to load its configuration and directory again, and wait for the outcome.",
        discussion: """
            The unit's ExecReload, so that `systemctl reload supportgate` returns once the new \
            revision is in use or was refused: it sends the gate's reload signal (SIGRTMIN+2, \
            which queues) with this process's id as a token, and waits for the gate's answer in the service's runtime directory \
            ($RUNTIME_DIRECTORY, /run/supportgate). The gate goes on deciding with the revision \
            in force while the new one loads. Prints the answer as JSON. Exit 0 when the new \
            revision is in use, 1 when it was refused (the old one decides on) or the gate \
            stopped first, 2 on bad usage or when the gate cannot be signalled, 3 when no answer \
            came in time.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The gate's process id ($MAINPID in the unit).", valueName: "pid"))
    var pid: Int32

    @Option(name: .long, help: ArgumentHelp("Where the gate answers; by default $RUNTIME_DIRECTORY.", valueName: "folder"))
    var runtimeDirectory: String?

    @Option(name: .long, help: ArgumentHelp("How long to wait for the answer (the unit allows 60 s).", valueName: "seconds"))
    var timeout: Double = 55

    static let exitTimedOut: Int32 = 3

    func validate() throws {
        guard pid > 1 else { throw ValidationError("--pid must be the gate's process id, not \(pid)") }
        guard timeout > 0, timeout <= 3_600 else { throw ValidationError("--timeout must be between 0 and 3600 seconds, not \(timeout)") }
    }

    func run() throws {
        guard let replies = runtimeDirectory.map(ReloadReplies.init(folder:)) ?? ReloadReplies.fromEnvironment() else {
            StandardStreams.standardError("supportgate reload: no runtime directory: run it as the unit's ExecReload, or give --runtime-directory (/run/supportgate)")
            throw ExitCode(2)
        }
        let outcome: ReloadReplies.Outcome
        do {
            outcome = try replies.request(pid: pid, timeoutMilliseconds: Int(timeout * 1000))
        } catch {
            StandardStreams.standardError("supportgate reload: cannot signal process \(pid): \(error)")
            throw ExitCode(2)
        }
        switch outcome {
        case .answered(let applied, let json):
            StandardStreams.standardOutput(json)
            if !applied { throw ExitCode(1) }
        case .timedOut:
            StandardStreams.standardError("supportgate reload: no answer from process \(pid) within \(timeout) s; it may still be loading (see its STATUS and the journal)")
            throw ExitCode(Self.exitTimedOut)
        case .gateGone:
            StandardStreams.standardError("supportgate reload: process \(pid) is gone; it did not answer")
            throw ExitCode(1)
        }
    }
}
