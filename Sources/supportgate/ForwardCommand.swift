import ArgumentParser
import Foundation
import SupportGateConfig
import SupportGateForward
import SupportGateSystemd

struct ForwardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forward",
        abstract: "File the gate's accepted Azure requests with Microsoft, exactly once, and follow every ticket.",
        discussion: """
            Runs as its own user under supportgate-forward.service (docs/filing.md). It reads the \
            configuration file but never the tenant directory. With --once it files what is pending, \
            applies link requests and exits: 0 when nothing failed, 1 when something is left to retry.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The configuration file.", valueName: "file"))
    var config: String = GateConfiguration.defaultPath

    @Flag(name: .long, help: "File what is pending and exit.")
    var once = false

    @Option(name: .long, help: "Where events are logged: the journal, stderr, or auto (the journal under systemd).")
    var log: DaemonCommand.LogTarget = .auto

    func run() throws {
        let signals = once ? nil : try ForwardSignals()
        let code = Blocking.run { await self.forward(signals: signals) }
        if code != 0 { throw ExitCode(code) }
    }

    private func forward(signals: ForwardSignals?) async -> Int32 {
        let journal = log.sink()
        guard let configuration = try? GateOptions.loadConfiguration(path: config) else { return 2 }
        let gateway: ForwardGateway
        do {
            gateway = try ForwardGateway(settings: configuration.forward)
        } catch {
            return startFailed(error, journal: journal)
        }
        let forwarder: Forwarder
        do {
            forwarder = try Forwarder(configuration: configuration, environment: ProcessInfo.processInfo.environment, journal: journal,
                                      notifier: SystemdNotifier(), makeGateway: gateway.factory)
        } catch {
            // AsyncHTTPClient traps when its pool goes away without a shutdown: a refused start
            // would end in SIGILL instead of exit 2 (which the unit does not restart).
            await gateway.shutdown()
            return startFailed(error, journal: journal)
        }
        guard let signals else {
            let failed = await forwarder.runOnce().failed
            await gateway.shutdown()
            return failed > 0 ? 1 : 0
        }
        await forwarder.run(stopSignal: signals.descriptor)
        await gateway.shutdown()
        return 0
    }

    private func startFailed(_ error: any Error, journal: any JournalSink) -> Int32 {
        var entry = JournalEntry(.startFailed, "supportgate forward cannot start: \(error)", priority: .error)
        entry.add("CONFIG_FILE", config)
        journal.send(entry)
        if !(journal is StandardErrorJournal) { StandardStreams.standardError("error: \(error)") }
        return 2
    }
}
