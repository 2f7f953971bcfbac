import CLinuxShim
#if canImport(Glibc)
import Glibc
#endif

/// Waiting and being told: poll, inotify, signals, eventfd.
extension SystemCall {
    /// The number of descriptors ready, 0 when `milliseconds` passed first (-1: no limit).
    @discardableResult
    public static func poll(_ descriptors: inout [pollfd], milliseconds: Int32) throws(SystemCallError) -> Int32 {
        try retrying("poll") { Glibc.poll(&descriptors, nfds_t(descriptors.count), milliseconds) }
    }

    @discardableResult
    public static func poll(_ descriptor: inout pollfd, milliseconds: Int32) throws(SystemCallError) -> Int32 {
        try retrying("poll") { Glibc.poll(&descriptor, 1, milliseconds) }
    }

    /// Sleeps `milliseconds` in all: a signal that wakes it early does not shorten the sleep.
    /// nanosleep fails only on EINTR (slept on for what remains) or an invalid time, which a
    /// non-negative count cannot make.
    public static func sleep(milliseconds: Int) {
        let milliseconds = max(0, milliseconds)
        var request = timespec(tv_sec: milliseconds / 1_000, tv_nsec: (milliseconds % 1_000) * 1_000_000)
        var remaining = timespec()
        _ = try? retrying("nanosleep") {
            let slept = nanosleep(&request, &remaining)
            if slept == -1 { request = remaining }
            return slept
        }
    }

    public static func inotifyInit(_ flags: Int32) throws(SystemCallError) -> Int32 {
        try retrying("inotify_init1") { inotify_init1(flags) }
    }

    @discardableResult
    public static func inotifyAddWatch(_ descriptor: Int32, _ path: some SystemPathName, _ mask: UInt32) throws(SystemCallError) -> Int32 {
        try retrying("inotify_add_watch") { path.withCString { inotify_add_watch(descriptor, $0, mask) } }
    }

    /// Blocks `signals` for the whole process (before any thread starts, every thread
    /// inherits the mask), so they queue for a signalfd instead of running a handler.
    public static func blockSignals(_ signals: [Int32]) throws(SystemCallError) -> sigset_t {
        var mask = sigset_t()
        sigemptyset(&mask)
        for signal in signals { sigaddset(&mask, signal) }
        try retrying("sigprocmask") { sigprocmask(SIG_BLOCK, &mask, nil) }
        return mask
    }

    public static func signalfd(_ mask: sigset_t, _ flags: Int32) throws(SystemCallError) -> Int32 {
        var mask = mask
        return try retrying("signalfd") { CLinuxShim.signalfd(-1, &mask, flags) }
    }

    public static func eventfd(_ flags: Int32) throws(SystemCallError) -> Int32 {
        try retrying("eventfd") { CLinuxShim.eventfd(0, flags) }
    }

    public static func eventfdWrite(_ descriptor: Int32, _ value: UInt64) throws(SystemCallError) {
        try retrying("eventfd_write") { eventfd_write(descriptor, value) }
    }

    /// The counter, reset to 0; EAGAIN (thrown) while it is 0 on a descriptor without blocking.
    public static func eventfdRead(_ descriptor: Int32) throws(SystemCallError) -> UInt64 {
        var value: eventfd_t = 0
        try retrying("eventfd_read") { eventfd_read(descriptor, &value) }
        return value
    }

    /// Queues `signal` with `value` for process `pid`.
    public static func sigqueue(_ pid: pid_t, _ signal: Int32, value: Int32) throws(SystemCallError) {
        try retrying("sigqueue") { Glibc.sigqueue(pid, signal, sigval(sival_int: value)) }
    }

    /// Whether process `pid` exists (signal 0 checks without sending): false only on ESRCH;
    /// one we may not signal (EPERM) exists.
    public static func processExists(_ pid: pid_t) -> Bool {
        do throws(SystemCallError) {
            try retrying("kill") { kill(pid, 0) }
            return true
        } catch {
            return error.errno != ESRCH
        }
    }
}
