#if canImport(Glibc)
import Glibc
#endif
import SupportGateSpool
import SystemCalls

/// `submit --wait` and `result --wait`: until the draft's result (or, `--until filed`, its
/// settled filing record) is there, or the time is up. inotify wakes it
/// on the folders the submitter may read (its own `uid-<n>` shelf); a partner's shelves may
/// only be entered, not read, so those are looked at by name, more and more slowly, up to
/// four times a second.
enum ResultWait {
    static let firstInterval = 0.02
    static let longestInterval = 0.25

    static func wait(for locator: ResultLocator, timeout: Double) -> String? {
        var claimedAt: Double?
        return wait(folders: { locator.folders }, timeout: timeout) {
            // An earlier result under the same name is the answer only once the gate has had
            // the draft for a while without writing a newer one (it keeps the first of a repeat).
            if claimedAt == nil, !locator.isWaiting { claimedAt = MonotonicClock.seconds() }
            let settled = claimedAt.map { MonotonicClock.seconds() - $0 >= Double(ResultLocator.settleSeconds) } ?? false
            return locator.find(acceptEarlier: settled)
        }
    }

    /// Until `find` has an answer, or the time is up (nil). `folders` are watched where the
    /// caller may read them; anything else is looked at again on the growing interval.
    static func wait<Answer>(folders: () -> [String], timeout: Double, find: () throws -> Answer?) rethrows -> Answer? {
        let deadline = MonotonicClock.seconds() + timeout
        // Without inotify (no instances left), the wait looks by name only.
        let events = (try? SystemCall.inotifyInit(Int32(IN_NONBLOCK | IN_CLOEXEC))) ?? -1
        defer { if events >= 0 { try? SystemCall.close(events) } }
        var watched: Set<String> = []
        var interval = firstInterval
        while true {
            // A folder made since the last turn is watched from this turn on.
            for folder in folders() where events >= 0 && !watched.contains(folder) {
                if (try? SystemCall.inotifyAddWatch(events, folder, UInt32(IN_MOVED_TO | IN_CREATE | IN_CLOSE_WRITE))) != nil {
                    watched.insert(folder)
                }
            }
            if let answer = try find() { return answer }
            let remaining = deadline - MonotonicClock.seconds()
            guard remaining > 0 else { return nil }
            var descriptor = pollfd(fd: events, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32((min(interval, remaining) * 1000).rounded(.up))
            if events >= 0, (try? SystemCall.poll(&descriptor, milliseconds: milliseconds)) != nil {
                drain(events)
            } else {
                // No inotify, or a failed poll (ENOMEM): the turn is slept out, never spun.
                SystemCall.sleep(milliseconds: Int(milliseconds))
            }
            interval = min(interval * 2, longestInterval)
        }
    }

    private static func drain(_ events: Int32) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        // Until the queue is empty (EAGAIN): the events only wake the wait, their names do not matter.
        while (buffer.withUnsafeMutableBytes { try? SystemCall.read(events, into: $0) } ?? 0) > 0 {}
    }
}
