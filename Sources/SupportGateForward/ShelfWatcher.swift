#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
import SupportGateFiling
import SupportGateSpool
import SupportGateSystemd
import SystemCalls

/// inotify on `accepted/` and on each credentialed partner's shelf, so a new result is filed
/// the moment the gate renames it in (drop-to-filed latency is benchmarked); a rescan every
/// `spool.rescanIntervalSeconds` is the backstop for a lost event. It also hands the engine
/// the link requests and the statuses due, feeds the watchdog and writes the metrics.
/// Runs on its own thread (`WatcherThread`) and ends at SIGTERM/SIGINT.
final class ShelfWatcher: @unchecked Sendable {
    // @unchecked: `shelves` and the descriptors are touched by the watcher thread alone, after
    // `init` hands the object over; every other field is immutable and Sendable.
    private let forwarder: Forwarder
    private let input: AsyncStream<ForwardEngine.Event>.Continuation
    private let stopSignal: Int32
    private var shelves: [Int32: String] = [:]
    private var acceptedWatch: Int32 = -1
    private var inotify: Int32 = -1

    init(forwarder: Forwarder, input: AsyncStream<ForwardEngine.Event>.Continuation, stopSignal: Int32) {
        self.forwarder = forwarder
        self.input = input
        self.stopSignal = stopSignal
    }

    func loop() {
        let notifier = forwarder.notifier
        guard let inotify = try? SystemCall.inotifyInit(Int32(IN_NONBLOCK | IN_CLOEXEC)) else {
            notifier.status("cannot watch the shelves (inotify); rescanning every \(forwarder.rescanIntervalSeconds) s")
            return polling()
        }
        defer { try? SystemCall.close(inotify) }  // events only
        self.inotify = inotify
        acceptedWatch = (try? SystemCall.inotifyAddWatch(inotify, forwarder.records.accepted.path, UInt32(IN_CREATE | IN_MOVED_TO | IN_ONLYDIR))) ?? -1
        for partner in forwarder.partners { watch(partner, inotify) }
        input.yield(.found(forwarder.scanAll(resume: true)))
        notifier.ready(status: "watching \(forwarder.partners.count) partner shelf(s)")
        var clock = Turns(rescanSeconds: forwarder.rescanIntervalSeconds)
        var descriptors = [pollfd(fd: inotify, events: Int16(POLLIN), revents: 0), pollfd(fd: stopSignal, events: Int16(POLLIN), revents: 0)]
        while true {
            descriptors[0].revents = 0
            descriptors[1].revents = 0
            _ = try? SystemCall.poll(&descriptors, milliseconds: clock.waitMilliseconds(watchdog: notifier.watchdogIntervalMicroseconds))
            if descriptors[1].revents != 0 { break }
            if descriptors[0].revents != 0 { readEvents(inotify) }
            turn(&clock)
        }
        notifier.stopping(status: "stopping: finishing the jobs running")
        input.yield(.stop)
    }

    /// Without inotify: the rescan alone.
    private func polling() {
        input.yield(.found(forwarder.scanAll(resume: true)))
        forwarder.notifier.ready(status: "rescanning every \(forwarder.rescanIntervalSeconds) s")
        var clock = Turns(rescanSeconds: forwarder.rescanIntervalSeconds)
        var stop = pollfd(fd: stopSignal, events: Int16(POLLIN), revents: 0)
        while true {
            stop.revents = 0
            _ = try? SystemCall.poll(&stop, milliseconds: clock.waitMilliseconds(watchdog: forwarder.notifier.watchdogIntervalMicroseconds))
            if stop.revents != 0 { break }
            turn(&clock)
        }
        input.yield(.stop)
    }

    private func turn(_ clock: inout Turns) {
        let now = WallClock.milliseconds()
        forwarder.notifier.watchdogAlive()
        if clock.due(&clock.nextRescan, every: Int64(forwarder.rescanIntervalSeconds) * 1_000, now: now) {
            input.yield(.found(forwarder.scanAll(resume: false)))
            forwarder.removeAppliedLinks()
        }
        if clock.due(&clock.nextLinks, every: 1_000, now: now) {
            watchNewShelves()
            let links = forwarder.state.linkRequests().map(FilingJob.link)
            if !links.isEmpty { input.yield(.found(links)) }
        }
        if clock.due(&clock.nextStatus, every: 60_000, now: now) {
            let due = forwarder.statusDue(budget: forwarder.settings.statusRequestsPerMinute, now: now)
            if !due.isEmpty { input.yield(.found(due)) }
        }
        if clock.due(&clock.nextMetrics, every: 15_000, now: now) {
            forwarder.writeMetrics()
        }
    }

    private func watch(_ partner: String, _ inotify: Int32) {
        guard !shelves.values.contains(partner) else { return }
        let mask = UInt32(IN_MOVED_TO | IN_CLOSE_WRITE | IN_CREATE | IN_DONT_FOLLOW | IN_ONLYDIR)
        if let descriptor = try? SystemCall.inotifyAddWatch(inotify, "\(forwarder.records.accepted.path)/\(partner)", mask) {
            shelves[descriptor] = partner
        }
    }

    /// A partner's shelf made after the start. The shipped ACL lets the forwarder only pass
    /// through `accepted/` (--x), not read it, so the watch on `accepted/` itself fails there
    /// and a new shelf would wait for the rescan: each second, the shelves not yet watched
    /// are tried again, and what a new one holds is taken at once.
    private func watchNewShelves() {
        guard inotify >= 0 else { return }
        var jobs: [FilingJob] = []
        for partner in forwarder.partners where !shelves.values.contains(partner) {
            watch(partner, inotify)
            if shelves.values.contains(partner) {
                jobs += forwarder.scanner.scan(partner: partner, resume: false).compactMap(job)
            }
        }
        if !jobs.isEmpty { input.yield(.found(jobs)) }
    }

    private func readEvents(_ inotify: Int32) {
        let capacity = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        defer { buffer.deallocate() }
        var jobs: [FilingJob] = []
        var rescan = false
        while let count = try? SystemCall.read(inotify, into: UnsafeMutableRawBufferPointer(start: buffer, count: capacity)), count > 0 {
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                let nameStart = offset + MemoryLayout<inotify_event>.size
                let raw = UnsafeRawBufferPointer(start: buffer + nameStart, count: Int(event.len))
                let name = FileName(bytes: Array(raw.prefix { $0 != 0 }))
                offset = nameStart + Int(event.len)
                if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    rescan = true
                } else if event.wd == acceptedWatch {
                    // A new shelf: watch it if its partner is filed, and take what is on it.
                    let partner = name.description
                    if forwarder.credentials[partner] != nil {
                        watch(partner, inotify)
                        jobs += forwarder.scanner.scan(partner: partner, resume: false).compactMap(job)
                    }
                } else if let partner = shelves[event.wd], event.mask & UInt32(IN_ISDIR) == 0 {
                    if let found = job(forwarder.scanner.check(partner: partner, name: name, resume: false)) { jobs.append(found) }
                }
            }
        }
        if rescan { jobs += forwarder.scanAll(resume: false) }
        if !jobs.isEmpty { input.yield(.found(jobs)) }
    }

    private func job(_ found: ShelfScanner.Found) -> FilingJob? {
        switch found {
        case .job(let job): return job
        case .refused(let file, let reason):
            forwarder.telemetry.refused(file: file, reason: reason)
            return nil
        case .nothing: return nil
        }
    }

    /// When each periodic task is next due (wall-clock ms).
    struct Turns {
        var nextRescan: Int64
        var nextLinks: Int64 = 0
        var nextStatus: Int64 = 0
        var nextMetrics: Int64 = 0

        init(rescanSeconds: Int) {
            nextRescan = WallClock.milliseconds() + Int64(rescanSeconds) * 1_000
        }

        func due(_ next: inout Int64, every interval: Int64, now: Int64) -> Bool {
            guard now >= next else { return false }
            next = now + interval
            return true
        }

        /// At most a second, and at most half the watchdog interval.
        func waitMilliseconds(watchdog: UInt64?) -> Int32 {
            let half = watchdog.map { Int32(clamping: $0 / 2_000) } ?? 1_000
            return max(10, min(1_000, half))
        }
    }
}
