import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
import SupportGateDaemon
import SupportGateSystemd

struct DaemonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Run the gate: watch the spool, decide drafts, write results, log to the journal.",
        discussion: """
            Meant to run under systemd (systemd/supportgate.service): it sends READY=1 once the \
            spool is watched, STATUS= with the backlog, WATCHDOG=1 as the intake loop makes progress. \
            SIGHUP reloads the configuration and directory; SIGTERM finishes the current batch and stops.
            """
    )

    enum LogTarget: String, ExpressibleByArgument, CaseIterable {
        case auto, journal, stderr

        func sink() -> any JournalSink {
            let underSystemd = getenv("INVOCATION_ID") != nil || getenv("JOURNAL_STREAM") != nil
            switch self {
            case .stderr:
                return StandardErrorJournal()
            case .journal:
                return FallbackJournal(primary: NativeJournal(), fallback: StandardErrorJournal())
            case .auto:
                return underSystemd && NativeJournal.isAvailable
                    ? FallbackJournal(primary: NativeJournal(), fallback: StandardErrorJournal())
                    : StandardErrorJournal()
            }
        }
    }

    @Option(name: .long, help: ArgumentHelp("The configuration file.", valueName: "file"))
    var config: String = GateConfiguration.defaultPath

    @Option(name: .long, help: "Where decisions are logged: the journal, stderr, or auto (the journal under systemd when its socket is there, else stderr).")
    var log: LogTarget = .auto

    func run() throws {
        let journal = log.sink()
        let daemon: GateDaemon
        do {
            daemon = try GateDaemon(configPath: config, journal: journal)
        } catch {
            var entry = JournalEntry(.startFailed, "supportgate cannot start: \(error.message)", priority: .error)
            entry.add("CONFIG_FILE", config)
            journal.send(entry)
            if !(journal is StandardErrorJournal) {
                StandardStreams.standardError("error: \(error.message)")
            }
            throw ExitCode(error.exitCode)
        }
        let code = daemon.run()
        if code != 0 { throw ExitCode(code) }
    }
}
