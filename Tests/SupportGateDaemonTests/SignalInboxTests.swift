import CLinuxShim
#if canImport(Glibc)
import Glibc
#endif
@testable import SupportGateDaemon
import SystemCalls
import Testing

/// The gate hears SIGTERM and reloads only through its signalfd: a start without one must fail.
/// Each test runs in a child process (an exit test): blocking signals and exhausting descriptors
/// would otherwise change the test runner itself.
@Suite("Signal inbox")
struct SignalInboxTests {
    @Test("no descriptor left for the signalfd: opening the inbox throws naming signalfd, and the daemon's inbox stops the start loudly")
    func signalfdFailureIsLoud() async {
        await #expect(processExitsWith: .success) {
            var limit = rlimit(rlim_cur: 0, rlim_max: 1_024)
            guard setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { exit(2) }
            do throws(SystemCallError) {
                _ = try SignalInbox(signals: SignalInbox.signals)
                exit(1)
            } catch {
                exit(error.call == "signalfd" && error.errno == EMFILE ? 0 : 1)
            }
        }
        await #expect(processExitsWith: .failure) {
            var limit = rlimit(rlim_cur: 0, rlim_max: 1_024)
            guard setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { exit(0) }
            _ = SignalInbox()
        }
    }

    @Test("near miss: with a descriptor free, a reload signal queued with a token is read back as that reload, SIGTERM as a stop")
    func signalsArrive() async {
        await #expect(processExitsWith: .success) {
            guard let inbox = try? SignalInbox(signals: SignalInbox.signals) else { exit(1) }
            guard sigqueue(getpid(), sg_reload_signal(), sigval(sival_int: 42)) == 0, kill(getpid(), SIGTERM) == 0 else { exit(2) }
            let requests = inbox.read()
            exit(requests.contains(.reload(token: 42)) && requests.contains(.stop) ? 0 : 3)
        }
    }
}
