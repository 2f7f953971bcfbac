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
    @Test("no descriptor left for the signalfd: opening the inbox throws naming signalfd (GateDaemon turns that into a failed start)")
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
    }

    @Test("near miss: with a descriptor free, the reload signal is read back as a reload, SIGTERM as a stop")
    func signalsArrive() async {
        await #expect(processExitsWith: .success) {
            guard let inbox = try? SignalInbox(signals: SignalInbox.signals) else { exit(1) }
            // To this thread: the test runner's other threads do not block the signals (the gate
            // blocks them before it starts any), and a signal sent to the process may go to one.
            guard pthread_kill(pthread_self(), sg_reload_signal()) == 0, pthread_kill(pthread_self(), SIGTERM) == 0 else { exit(2) }
            let requests = inbox.read()
            exit(requests.contains(.reload(token: nil)) && requests.contains(.stop) ? 0 : 3)
        }
    }
}
