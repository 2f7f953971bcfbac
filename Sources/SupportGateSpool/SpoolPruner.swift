#if canImport(Glibc)
import Glibc
#endif
import SystemCalls

/// Retention (`supportgate spool prune`): removes what has been in archive/, quarantine/,
/// accepted/ and rejected/ longer than the retention period. Age is the gate's own record:
/// the change time of a file the gate owns (it wrote it there: a result, or the copy of
/// the bytes a draft was decided from), which only its owner (or root) can change. A file
/// there that the gate does not own (an original moved in by a gate before 0.20, or one put
/// there by hand) has times its owner controls: a chmod keeps its change time fresh. The
/// first run that meets one renames it to `foreign-<seconds>-<name>`, the time of that run,
/// and from then on it ages by that name, which only the gate can give: it is kept for one
/// full retention period from then, never removed early (an upgrade must not cost a
/// partner the originals it still had to keep) and never kept for ever. Only regular files are removed; the gate's
/// temporary results and hidden names are left alone. Safe to run beside the gate: a
/// result pruned while its id is dropped again only means the draft is decided anew.
public struct SpoolPruner {
    public static let folders: [SpoolPaths.Folder] = [.archive, .quarantine, .accepted, .rejected]

    public struct FolderReport: Sendable, Equatable {
        public let folder: SpoolPaths.Folder
        public var removed = 0
        public var bytes: Int64 = 0
        public var kept = 0
        /// Entries that could not be examined or removed, with the reason; the run goes on.
        public var failures: [String] = []
    }

    public let paths: SpoolPaths

    public init(paths: SpoolPaths) {
        self.paths = paths
    }

    /// Removes every file changed before `cutoff` (seconds since the epoch); with
    /// `dryRun`, only counts them. Throws only when a folder cannot be opened or read.
    /// `now` names the files the run adopts (`foreign-<now>-…`).
    public func prune(changedBefore cutoff: Int64, dryRun: Bool = false, now: Int64 = Int64(time(nil))) throws(SpoolError) -> [FolderReport] {
        var reports: [FolderReport] = []
        for folder in Self.folders {
            let handle = try DirectoryHandle(path: paths.path(folder))
            var report = FolderReport(folder: folder)
            try prune(handle, changedBefore: cutoff, dryRun: dryRun, now: now, into: &report)
            // Results sit on shelves: one folder per partner, or per submitter (ResultShelf).
            if folder == .accepted || folder == .rejected {
                guard let shelves = handle.subfolderNames() else {
                    throw SpoolError("cannot read the folder to the end", path: handle.path, errno: errno == 0 ? EIO : errno)
                }
                for shelf in shelves {
                    try prune(DirectoryHandle(in: handle, name: shelf), changedBefore: cutoff, dryRun: dryRun, now: now, into: &report)
                }
            }
            reports.append(report)
        }
        return reports
    }

    private func prune(_ handle: DirectoryHandle, changedBefore cutoff: Int64, dryRun: Bool, now: Int64, into report: inout FolderReport) throws(SpoolError) {
        var removed = 0
        let folderStatus: stat
        do throws(SystemCallError) {
            folderStatus = try SystemCall.fstat(handle.descriptor)
        } catch {
            throw SpoolError("cannot examine the folder", path: handle.path, errno: error.errno)
        }
        // The gate is whoever owns the folder (tmpfiles.d creates it for the gate's user): a
        // run as root or as the gate's user judges the same files alike.
        let gateUID = folderStatus.st_uid
        // Removed as the walk finds them (Linux's readdir allows it), so memory stays
        // flat however many files a folder holds.
        let complete = handle.forEachEntryName { raw in
            let name = FileName(bytes: Array(raw))
            guard !name.isHidden, !name.bytes.starts(with: Array(ResultCommitter.temporaryPrefix.utf8)) else { return }
            guard let status = handle.entryStatus(name), status.st_mode & S_IFMT == S_IFREG else { return }
            let changed: Int64
            if status.st_uid == gateUID {
                changed = Int64(status.st_ctim.tv_sec)
            } else if let adopted = Self.adoptionTime(of: name) {
                changed = adopted
            } else {
                // Its times are its owner's: age it from now, by a name only the gate gives.
                if !dryRun {
                    do throws(SpoolError) {
                        try handle.rename(name, to: handle, as: Self.adoptedName(name, at: now))
                    } catch where error.errno == ENOENT {
                        return
                    } catch {
                        report.failures.append(error.description)
                    }
                }
                report.kept += 1
                return
            }
            guard changed < cutoff else {
                report.kept += 1
                return
            }
            if !dryRun {
                do throws(SpoolError) {
                    try handle.remove(name)
                } catch where error.errno == ENOENT {
                    return
                } catch {
                    report.failures.append(error.description)
                    return
                }
            }
            removed += 1
            report.removed += 1
            report.bytes += Int64(status.st_size)
        }
        guard complete else { throw SpoolError("cannot read the folder to the end", path: handle.path, errno: errno == 0 ? EIO : errno) }
        if removed > 0, !dryRun { try handle.sync() }
    }

    public static let adoptedPrefix = "foreign-"

    public static func adoptedName(_ name: FileName, at now: Int64) -> FileName {
        name.prefixed("\(adoptedPrefix)\(now)-")
    }

    /// The seconds in `foreign-<seconds>-<name>`, the run that adopted the file; nil for any other name.
    public static func adoptionTime(of name: FileName) -> Int64? {
        let prefix = Array(adoptedPrefix.utf8)
        guard name.bytes.starts(with: prefix) else { return nil }
        let digits = name.bytes.dropFirst(prefix.count).prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        guard !digits.isEmpty, digits.count <= 18, name.bytes.count > prefix.count + digits.count,
              name.bytes[prefix.count + digits.count] == UInt8(ascii: "-") else { return nil }
        return Int64(String(decoding: digits, as: UTF8.self))
    }
}
