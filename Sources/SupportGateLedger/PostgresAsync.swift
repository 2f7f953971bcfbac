import CLibPQ
#if canImport(Glibc)
import Glibc
#endif
import SystemCalls

/// libpq's asynchronous calls, each driven by poll() on the connection's socket until a
/// deadline on the monotonic clock. libpq's blocking calls (PQconnectdb, PQexecParams) wait
/// as long as the server takes: a server that is frozen (SIGSTOP, a hung disk) but whose
/// socket still accepts would hold the gate's loop until systemd's watchdog killed it.
enum PostgresAsync {
    /// Why a call ended without an answer: the caller drops the connection either way.
    enum Failure: Error {
        /// No answer before the deadline: the server may be frozen or overloaded.
        case timedOut
        /// The connection failed or broke, with libpq's message.
        case broken(String)
    }

    /// Opens a connection (its socket made non-blocking, so that sending a large batch to a
    /// server that stopped reading cannot block either).
    static func connect(_ conninfo: String, until deadline: Double, whileWaiting: () -> Void) throws(Failure) -> OpaquePointer {
        guard let connection = PQconnectStart(conninfo) else { throw .broken("out of memory") }
        // As libpq's documentation says: begin as if PQconnectPoll had asked to write.
        var state = PGRES_POLLING_WRITING
        while true {
            switch state {
            case PGRES_POLLING_OK:
                guard PQsetnonblocking(connection, 1) == 0 else {
                    let message = errorMessage(connection)
                    PQfinish(connection)
                    throw .broken(message)
                }
                return connection
            case PGRES_POLLING_FAILED:
                let message = errorMessage(connection)
                PQfinish(connection)
                throw .broken(message)
            default:
                do {
                    try wait(PQsocket(connection), for: state == PGRES_POLLING_READING ? POLLIN : POLLOUT, until: deadline, whileWaiting: whileWaiting)
                } catch {
                    PQfinish(connection)
                    throw error
                }
            }
            state = PQconnectPoll(connection)
        }
    }

    /// Waits for the statement just sent (PQsendQuery…) to finish: its result, the first
    /// failed one if any, as PQexec would give it. The caller clears it.
    static func result(of connection: OpaquePointer, until deadline: Double, whileWaiting: () -> Void) throws(Failure) -> OpaquePointer? {
        while true {
            let flushed = PQflush(connection)
            if flushed == 0 { break }
            guard flushed > 0 else { throw .broken(errorMessage(connection)) }
            try wait(PQsocket(connection), for: POLLOUT | POLLIN, until: deadline, whileWaiting: whileWaiting)
            // A server that answers (an error) before reading all of a batch must be heard.
            guard PQconsumeInput(connection) == 1 else { throw .broken(errorMessage(connection)) }
        }
        var kept: OpaquePointer?
        while true {
            while PQisBusy(connection) == 1 {
                do throws(Failure) {
                    try wait(PQsocket(connection), for: POLLIN, until: deadline, whileWaiting: whileWaiting)
                    guard PQconsumeInput(connection) == 1 else { throw .broken(errorMessage(connection)) }
                } catch {
                    PQclear(kept)
                    throw error
                }
            }
            guard let next = PQgetResult(connection) else { return kept }
            if let kept, PQresultStatus(kept) == PGRES_FATAL_ERROR {
                PQclear(next)
            } else {
                PQclear(kept)
                kept = next
            }
        }
    }

    /// Returns once the socket is ready for `events` (or in error: the next libpq call
    /// says which); throws `timedOut` when the deadline comes first. Waits in slices of at
    /// most `sliceMilliseconds`, calling `whileWaiting` between them: the gate's loop is
    /// waiting on a deadline, not stuck, and tells its watchdog so.
    private static func wait(_ socket: Int32, for events: Int32, until deadline: Double, whileWaiting: () -> Void) throws(Failure) {
        guard socket >= 0 else { throw .broken("no socket") }
        while true {
            // Checked before every wait, not only when poll() times out: a socket that keeps
            // waking the caller without an answer must not outlast the deadline either.
            let remaining = remainingMilliseconds(until: deadline)
            guard remaining > 0 else { throw .timedOut }
            var descriptor = pollfd(fd: socket, events: Int16(events), revents: 0)
            let ready: Int32
            do {
                ready = try SystemCall.poll(&descriptor, milliseconds: min(remainingMilliseconds(until: deadline), sliceMilliseconds))
            } catch {
                throw .broken("\(error)")
            }
            if ready > 0 { return }
            guard remainingMilliseconds(until: deadline) > 0 else { throw .timedOut }
            whileWaiting()
        }
    }

    /// How long one poll() lasts at most before `whileWaiting` is called.
    static let sliceMilliseconds: Int32 = 1_000

    /// Rounded up, so that poll() never wakes just before the deadline and spins.
    static func remainingMilliseconds(until deadline: Double) -> Int32 {
        let left = (deadline - MonotonicClock.seconds()) * 1_000
        return left <= 0 ? 0 : Int32(clamping: Int(left.rounded(.up)))
    }

    static func errorMessage(_ connection: OpaquePointer) -> String {
        String(cString: PQerrorMessage(connection)).split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
