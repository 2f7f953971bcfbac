import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

// The contract's exit codes: 0, 1 (a draft rejected), 2 (bad usage or configuration), and
// this gate's 3 (`reload`, `submit --wait`: no answer in time). swift-argument-parser uses 64 for usage
// errors, so map everything else to 2.
do {
    var command = try SupportgateCommand.parseAsRoot()
    try command.run()
} catch {
    let code = SupportgateCommand.exitCode(for: error)
    if code == .success {
        print(SupportgateCommand.fullMessage(for: error))
        exit(0)
    }
    let message = SupportgateCommand.fullMessage(for: error)
    if !message.isEmpty {
        StandardStreams.standardError(message)
    }
    exit(code.rawValue == 1 || code.rawValue == ReloadCommand.exitTimedOut ? code.rawValue : 2)
}
