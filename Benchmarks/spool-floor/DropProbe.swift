#if canImport(Glibc)
import Glibc
#endif

/// `spool-floor drop ROOT STAGING RATE OUT [STALL_SECONDS]`: drops every file of STAGING
/// (sorted by name) into ROOT/incoming by rename(2) — RATE per second, or all at once
/// when RATE is 0 — and times, for each draft, drop → result.
///
/// Drop time: CLOCK_MONOTONIC read immediately before the rename into incoming/ (so
/// the rename itself counts against the gate). Result time: CLOCK_MONOTONIC read as
/// soon as ppoll(2) returns and read(2) hands over the IN_MOVED_TO event of the result's
/// final name on a shelf of ROOT/accepted or ROOT/rejected (results appear by rename from
/// "~tmp-…" onto a per-partner or per-submitter folder, which is watched from its creation). The probe sleeps in ppoll with nanosecond timeouts
/// between drops, so events are read within microseconds of their arrival. A result
/// "<draftId>.json" or "<draftId>.invalid-….json" belongs to the draft
/// "<draftId>.json". Drops are open-loop: a late probe drops late and measures from
/// the actual drop, and never waits for the gate.
struct DropProbe {
    let root: String
    let staging: String
    let rate: Double
    let output: String
    let stallSeconds: Double

    func run() throws(FloorError) {
        let stagingFolder = try Folder(staging)
        let incoming = try Folder(root + "/incoming")
        let resultFolders = [root + "/accepted", root + "/rejected"]
        var names = stagingFolder.names(limit: .max)
        names.sort { $0.bytes.lexicographicallyPrecedes($1.bytes) }
        let count = names.count
        guard count > 0 else { throw FloorError("nothing to drop in \(staging)", errno: 0) }
        var index: [Name: Int] = [:]
        index.reserveCapacity(count)
        for (position, name) in names.enumerated() { index[name.draftKey] = position }

        let inotify = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard inotify >= 0 else { throw FloorError("inotify_init1", errno: errno) }
        defer { close(inotify) }
        var watched: [Int32: String] = [:]
        // accepted/ and rejected/ for new shelves; each shelf for results renamed into place.
        func watch(_ folder: String, shelves: Bool = false) throws(FloorError) {
            let descriptor = inotify_add_watch(inotify, folder, UInt32(IN_MOVED_TO | IN_ONLYDIR | (shelves ? IN_CREATE : 0)))
            guard descriptor >= 0 else { throw FloorError("cannot watch \(folder)", errno: errno) }
            watched[descriptor] = folder
        }
        for folder in resultFolders {
            try watch(folder, shelves: true)
            for shelf in Self.subfolders(of: folder) { try watch(folder + "/" + shelf.description) }
        }
        var newShelves: [String] = []

        var dropped = [UInt64](repeating: 0, count: count)
        var appeared = [UInt64](repeating: 0, count: count)
        var seen = 0
        var overflowed = false
        let interval = rate > 0 ? 1e9 / rate : 0
        let start = MonotonicClock.nanoseconds()
        var next = 0
        var lastProgress = start
        let bufferSize = 256 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: bufferSize, alignment: 8)
        defer { buffer.deallocate() }

        func due(_ position: Int) -> UInt64 { start + UInt64(Double(position) * interval) }

        func record(_ key: Name, at time: UInt64) {
            guard let position = index[key], appeared[position] == 0, dropped[position] != 0 else { return }
            appeared[position] = time
            seen += 1
            lastProgress = time
        }

        while seen < count {
            var now = MonotonicClock.nanoseconds()
            var burst = 0
            while next < count, rate > 0 ? due(next) <= now : burst < 256 {
                let time = MonotonicClock.nanoseconds()
                let moved = names[next].withCString { name in renameat(stagingFolder.descriptor, name, incoming.descriptor, name) }
                guard moved == 0 else { throw FloorError("cannot drop \(names[next])", errno: errno) }
                dropped[next] = time
                next += 1
                burst += 1
                now = MonotonicClock.nanoseconds()
            }
            if next == count, burst > 0 { lastProgress = now }
            var waitNanoseconds: UInt64 = 100_000_000
            if next < count { waitNanoseconds = rate > 0 ? due(next) &- min(due(next), now) : 0 }
            // select(2): microsecond timeouts (poll(2) has only milliseconds; ppoll is not exported to Swift).
            var timeout = timeval(tv_sec: Int(waitNanoseconds / 1_000_000_000), tv_usec: Int(waitNanoseconds % 1_000_000_000 / 1_000))
            var readable = fd_set()
            readable.set(inotify)
            _ = select(inotify + 1, &readable, nil, nil, &timeout)
            while true {
                let length = read(inotify, buffer, bufferSize)
                guard length > 0 else { break }
                let time = MonotonicClock.nanoseconds()
                var offset = 0
                while offset + MemoryLayout<inotify_event>.size <= length {
                    let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                    let nameStart = buffer + offset + MemoryLayout<inotify_event>.size
                    if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                        overflowed = true
                    } else if event.len > 0 {
                        let size = strnlen(nameStart.assumingMemoryBound(to: CChar.self), Int(event.len))
                        let name = Name(bytes: Array(UnsafeRawBufferPointer(start: nameStart, count: size)))
                        if event.mask & UInt32(IN_ISDIR) != 0, event.mask & UInt32(IN_CREATE) != 0, let parent = watched[event.wd] {
                            newShelves.append(parent + "/" + name.description)
                        } else if event.mask & UInt32(IN_MOVED_TO) != 0, !name.bytes.starts(with: "~tmp-".utf8) {
                            record(name.draftKey, at: time)
                        }
                    }
                    offset += MemoryLayout<inotify_event>.size + Int(event.len)
                }
            }
            // A shelf created since the last read: watch it, then take what reached it before the watch.
            for shelf in newShelves {
                try watch(shelf)
                let time = MonotonicClock.nanoseconds()
                for name in (try? Folder(shelf))?.names(limit: .max) ?? [] where !name.bytes.starts(with: "~tmp-".utf8) {
                    record(name.draftKey, at: time)
                }
            }
            newShelves.removeAll()
            if overflowed {
                // Events were lost: look at the folders themselves (times are then those of the scan).
                let time = MonotonicClock.nanoseconds()
                for path in resultFolders {
                    for shelf in Self.subfolders(of: path) {
                        guard let folder = try? Folder(path + "/" + shelf.description) else { continue }
                        for name in folder.names(limit: .max) where !name.bytes.starts(with: "~tmp-".utf8) {
                            record(name.draftKey, at: time)
                        }
                    }
                }
            }
            if next == count, Double(MonotonicClock.nanoseconds() - lastProgress) / 1e9 > stallSeconds { break }
        }

        var latencies: [UInt64] = []
        latencies.reserveCapacity(seen)
        var lastResult: UInt64 = start
        var report = "draft\tdrop_ms\tresult_ms\tlatency_us\n"
        for position in 0..<count {
            let drop = Double(dropped[position] - start) / 1e6
            guard appeared[position] != 0 else {
                report += "\(names[position].draftKey)\t\(drop)\t-\t-\n"
                continue
            }
            let latency = appeared[position] - dropped[position]
            latencies.append(latency)
            lastResult = max(lastResult, appeared[position])
            report += "\(names[position].draftKey)\t\(drop)\t\(Double(appeared[position] - start) / 1e6)\t\(latency / 1_000)\n"
        }
        try writeFile(output, report)
        latencies.sort()
        func percentile(_ q: Double) -> Double {
            guard !latencies.isEmpty else { return .nan }
            let rank = max(1, Int((q * Double(latencies.count)).rounded(.up)))
            return Double(latencies[rank - 1]) / 1e6
        }
        let wall = Double(lastResult - start) / 1e9
        let lastDrop = Double(dropped[max(0, next - 1)] - start) / 1e9
        let mean = latencies.isEmpty ? Double.nan : Double(latencies.reduce(0, +)) / Double(latencies.count) / 1e6
        print("drafts=\(count) results=\(seen) missing=\(count - seen) wall_s=\(wall) rate=\(Double(seen) / wall) "
              + "drop_span_s=\(lastDrop) p50_ms=\(percentile(0.5)) p90_ms=\(percentile(0.9)) p99_ms=\(percentile(0.99)) "
              + "p999_ms=\(percentile(0.999)) max_ms=\(percentile(1.0)) mean_ms=\(mean) overflow=\(overflowed ? 1 : 0)")
    }

    private static func subfolders(of path: String) -> [Name] {
        guard let folder = try? Folder(path) else { return [] }
        return folder.names(limit: .max).filter { name in
            var status = stat()
            return name.withCString { fstatat(folder.descriptor, $0, &status, AT_SYMLINK_NOFOLLOW) } == 0 && status.st_mode & S_IFMT == S_IFDIR
        }
    }

    private func writeFile(_ path: String, _ text: String) throws(FloorError) {
        guard let file = fopen(path, "w") else { throw FloorError("cannot write \(path)", errno: errno) }
        fputs(text, file)
        fclose(file)
    }
}

extension fd_set {
    /// FD_SET for a descriptor below FD_SETSIZE (the probe's inotify descriptor is one of its first).
    mutating func set(_ descriptor: Int32) {
        let bitsPerWord = MemoryLayout<Int>.size * 8
        withUnsafeMutableBytes(of: &__fds_bits) { raw in
            let words = raw.bindMemory(to: Int.self)
            words[Int(descriptor) / bitsPerWord] |= 1 << (Int(descriptor) % bitsPerWord)
        }
    }
}
