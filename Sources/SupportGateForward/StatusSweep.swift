#if canImport(Glibc)
import Glibc
#endif
import SupportGateFiling
import SupportGateSpool
import Synchronization

/// Which open tickets are due a status check: records last written `statusIntervalMinutes`
/// ago or more (every check rewrites its record), at most `budget` a sweep. Each partner's
/// folder is taken up where the last sweep stopped, and the partners in turn, so closed
/// records early in a folder cannot use up every sweep's reads and starve the open ones
/// behind them. Memory: one name per partner.
final class StatusSweep: Sendable {
    private struct Position {
        var cursors: [String: FileName] = [:]
        var firstPartner = 0
    }

    private let position = Mutex(Position())

    func due(partners: [String], records: RecordShelf, intervalMinutes: Int, budget: Int, now: Int64) -> [FilingJob] {
        guard !partners.isEmpty else { return [] }
        var jobs: [FilingJob] = []
        let interval = Int64(intervalMinutes) * 60_000
        var reads = 0
        let maxReads = budget * 10
        var state = position.withLock { $0 }
        let start = state.firstPartner % partners.count
        for offset in 0..<partners.count {
            let partner = partners[(start + offset) % partners.count]
            guard jobs.count < budget, reads < maxReads,
                  let folder = try? DirectoryHandle(in: records.filed, name: FileName(partner)) else { continue }
            var names = folder.names(limit: 1_000_000) { name in
                guard !name.isHidden, name.hasSuffix(".json"), let status = folder.entryStatus(name) else { return false }
                return Int64(status.st_mtim.tv_sec) * 1_000 + interval <= now
            }
            if let cursor = state.cursors[partner], let index = names.firstIndex(of: cursor) {
                names = Array(names[(index + 1)...] + names[...index])
            }
            var finished = true
            for name in names {
                guard jobs.count < budget, reads < maxReads else {
                    finished = false
                    break
                }
                reads += 1
                state.cursors[partner] = name
                let draftId = String(name.description.dropLast(".json".count))
                guard let record = try? records.read(partner: partner, draftId: draftId), record.isOpen else { continue }
                switch record.state {
                case .filed where record.ticketName != nil, .manual where record.ticketId != nil: jobs.append(.status(record))
                default: continue
                }
            }
            if !finished { state.firstPartner = (start + offset) % partners.count }
        }
        if jobs.count < budget, reads < maxReads { state.firstPartner = start + 1 }
        let final = state
        position.withLock { $0 = final }
        return jobs
    }
}
