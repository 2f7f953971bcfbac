#if canImport(Glibc)
import Glibc
#endif
import CLinuxShim
import Foundation
import StrictJSON
import SystemCalls

/// Answers to `supportgate reload` (the unit's ExecReload): it sends the reload signal with a
/// token (sigqueue) and waits for `reload-<token>` in the service's runtime directory, so that
/// `systemctl reload` returns once the new revision is in use or refused. Each answer is
/// written under a temporary name and renamed, so a reader never sees half of one.
public struct ReloadReplies: Sendable {
    /// The runtime directory (`RuntimeDirectory=supportgate`: /run/supportgate).
    public let folder: String

    public init(folder: String) {
        self.folder = folder
    }

    static func name(token: Int32) -> String { "reload-\(token)" }

    /// From the environment systemd gives the service (and its ExecReload); nil when run by hand.
    public static func fromEnvironment() -> ReloadReplies? {
        guard let value = getenv("RUNTIME_DIRECTORY"), let first = String(cString: value).split(separator: ":").first else { return nil }
        return ReloadReplies(folder: String(first))
    }

    static func json(_ answer: ReloadAnswer) -> [UInt8] {
        var object = JSONObject()
        object.append("outcome", .string(answer.applied ? "applied" : "refused"))
        object.append("configRevision", .string(answer.configRevision))
        object.append("previousConfigRevision", .string(answer.previousConfigRevision))
        if let error = answer.error { object.append("error", .string(error)) }
        var bytes: [UInt8] = []
        JSONWriter.write(.object(object), pretty: false, into: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// Writes the answer for each token. A failure is not the reload's: the waiter times out
    /// and says so, and the journal has the outcome.
    func answer(_ tokens: [Int32], _ answer: ReloadAnswer) {
        let bytes = Self.json(answer)
        for token in Set(tokens) {
            let final = "\(folder)/\(Self.name(token: token))"
            let temporary = "\(folder)/.\(Self.name(token: token)).tmp"
            // Whatever sits under the temporary name (a leftover, or a link or FIFO planted
            // there) is removed, never opened: then O_EXCL and O_NOFOLLOW create a file of the
            // gate's own, so nothing planted can stop the answer or be written through.
            try? SystemCall.unlink(temporary)
            do throws(SystemCallError) {
                let descriptor = try SystemCall.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, mode: 0o600)
                var written: Result<Void, SystemCallError> = .success(())
                do throws(SystemCallError) { try SystemCall.writeAll(descriptor, bytes) } catch { written = .failure(error) }
                try SystemCall.close(descriptor)
                try written.get()
                try SystemCall.rename(temporary, final)
            } catch {
                try? SystemCall.unlink(temporary)
            }
        }
    }
}

extension ReloadReplies {
    /// How a reload asked for by `request` ended.
    public enum Outcome: Sendable, Equatable {
        /// The gate's answer: the new revision in use, or refused; `json` as the gate wrote it.
        case answered(applied: Bool, json: String)
        /// No answer within the time given (the load may still finish).
        case timedOut
        /// The process is gone, or stopped before it answered.
        case gateGone
    }

    /// Sends the reload signal (SIGRTMIN+2, `sg_reload_signal`: a real-time signal queues and
    /// carries a value, SIGHUP does neither) to the gate with this process's id as the token, and waits for the answer.
    /// Throws when the signal cannot be sent (no such process, not permitted).
    public func request(pid: Int32, timeoutMilliseconds: Int) throws(SystemCallError) -> Outcome {
        let token = getpid()
        let path = "\(folder)/\(Self.name(token: token))"
        try? SystemCall.unlink(path)  // an answer left by an earlier process of the same id
        try SystemCall.sigqueue(pid, sg_reload_signal(), value: token)
        var waited = 0
        while waited <= timeoutMilliseconds {
            if let data = Self.answer(at: path) {
                try? SystemCall.unlink(path)
                let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                let applied = (try? JSONParser.parseObject(data))?["outcome"] == .string("applied")
                return .answered(applied: applied, json: text)
            }
            if !SystemCall.processExists(pid) { return .gateGone }
            usleep(20_000)
            waited += 20
        }
        return .timedOut
    }

    /// The answer's bytes, read without following a link (the folder is the gate user's;
    /// root may run this by hand); nil while there is none.
    private static func answer(at path: String) -> [UInt8]? {
        guard let descriptor = try? SystemCall.open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) else { return nil }
        defer { try? SystemCall.close(descriptor) }  // read only: a failing close loses nothing
        // An answer is one short line; what a read that fails leaves is no answer yet.
        return try? SystemCall.readAll(descriptor, limit: 4096).bytes
    }
}
