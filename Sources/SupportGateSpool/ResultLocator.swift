#if canImport(Glibc)
import Glibc
#endif
import StrictJSON
import SupportGateCore
import SystemCalls

/// Finds the result of one draft its submitter dropped (`supportgate submit --wait`), by the
/// names the gate gives results (`ResultNaming.resultName`, `ResultShelf`), looking only
/// where that submitter may look: its partner's shelves by exact name (they are entered, not
/// listed), and its own `uid-<n>` shelf.
public struct ResultLocator: Sendable {
    public let paths: SpoolPaths
    public let uid: UInt32
    /// The draft's own `draftId` when it has a valid one, then the id derived from the name
    /// it was given in incoming/ (a draft that could not be parsed is known by that).
    public let draftIds: [String]
    /// The draft's `partnerTenantId` in lower case, when it could be read.
    public let partner: String?
    /// SHA-256 of the bytes dropped, hexadecimal.
    public let digest: String
    /// When it was dropped (wall clock, nanoseconds since the epoch): a result written before
    /// then is an earlier draft's.
    public let droppedAt: Int64
    /// The dropped file in incoming/ (its name, and its inode and change time, since an inode
    /// number is soon used again): until it has left, the gate has not claimed it, and any
    /// result under its names is an earlier draft's.
    public let incomingPath: String
    public let incomingIdentity: FileIdentity?

    public struct FileIdentity: Sendable, Equatable {
        let inode: UInt64
        let changed: Int64

        init(_ status: stat) {
            inode = UInt64(status.st_ino)
            changed = Int64(status.st_ctim.tv_sec) * 1_000_000_000 + Int64(status.st_ctim.tv_nsec)
        }
    }

    public static let maxResultBytes = 16 << 20
    /// How long after the claim an earlier result under the same name is taken as the answer:
    /// the gate keeps the first result of a repeat instead of writing it again.
    public static let settleSeconds = 5

    /// What the submitter knows of its draft: its bytes, the name it got in incoming/, and
    /// when it was dropped (`ResultLocator.now()` just before the drop).
    public init(paths: SpoolPaths, uid: UInt32, bytes: [UInt8], incomingName: String, droppedAt: Int64) {
        self.paths = paths
        self.uid = uid
        self.droppedAt = droppedAt
        incomingPath = "\(paths.path(.incoming))/\(incomingName)"
        incomingIdentity = (try? SystemCall.lstat(incomingPath)).map(FileIdentity.init)
        digest = SHA256.hex(SHA256.hash(bytes))
        let object = try? JSONParser.parseObject(bytes)
        var ids: [String] = []
        if let own = object?["draftId"]?.stringValue, DraftParser.isValidDraftId(own) { ids.append(own) }
        let derived = DraftIdentifier.derive(fromFileName: incomingName)
        if !ids.contains(derived) { ids.append(derived) }
        draftIds = ids
        partner = object?["partnerTenantId"]?.stringValue.flatMap(TenantGUID.init).map(\.description)
    }

    /// Wall-clock nanoseconds, as results' modification times are kept. The coarse clock,
    /// because file systems stamp files with it (the last tick, not this nanosecond): a result
    /// the gate writes within a tick of the drop would otherwise look older than the drop and
    /// be taken only after `settleSeconds`.
    public static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME_COARSE, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// Whether the dropped file still waits in incoming/ (the gate has not claimed it).
    public var isWaiting: Bool {
        guard let status = try? SystemCall.lstat(incomingPath) else { return false }
        return FileIdentity(status) == incomingIdentity
    }

    /// The folders a result can appear in, for waiting on them.
    public var folders: [String] {
        var folders = ["\(paths.path(.rejected))/uid-\(uid)"]
        if let partner {
            folders += ["\(paths.path(.accepted))/\(partner)", "\(paths.path(.rejected))/\(partner)"]
        }
        return folders
    }

    /// The path of the draft's result once it is there, or nil. Nothing while the draft still
    /// waits in incoming/. Results named by digest on the submitter's own shelf are taken when
    /// written since the drop, or, `acceptEarlier`, an earlier one (the gate kept it: the same
    /// bytes decided the same way again).
    public func find(acceptEarlier: Bool = false) -> String? {
        guard !isWaiting else { return nil }
        let digestPrefix = digest.prefix(16)
        let submitterShelf = "\(paths.path(.rejected))/uid-\(uid)"
        for id in draftIds {
            if let partner {
                // The id's own result is ours only if it was decided from these bytes for us
                // (a colleague's earlier draft under the same id makes ours a duplicate).
                for folder in [paths.path(.accepted), paths.path(.rejected)] {
                    let path = "\(folder)/\(partner)/\(id).json"
                    if let result = Self.readResult(path), result["draftSha256"]?.stringValue == digest,
                       result["submitterUid"]?.numberValue?.int64Value == Int64(uid) {
                        return path
                    }
                }
                let duplicate = "\(paths.path(.rejected))/\(partner)/\(id).dup-\(digestPrefix)-u\(uid).json"
                if Self.modified(duplicate) != nil { return duplicate }
            }
            for kind in ["unauthorized", "invalid"] {
                let path = "\(submitterShelf)/\(id).\(kind)-\(digestPrefix).json"
                if let modified = Self.modified(path), acceptEarlier || modified >= droppedAt { return path }
            }
        }
        // Refused and unreadable drafts are named by the id of their file name and the gate's
        // claim number: the first written since the drop.
        return claimNumberedResult(in: submitterShelf, id: draftIds.last ?? "draft")
    }

    /// `ID.refused-<n>.json` or `ID.unreadable-<n>.json` on the submitter's own shelf: the
    /// earliest written since the drop.
    private func claimNumberedResult(in folder: String, id: String) -> String? {
        guard let directory = try? DirectoryStream(path: folder) else { return nil }
        var earliest: (path: String, modified: Int64)?
        // A listing that fails part-way ends the search; the wait looks again.
        while let name = try? directory.nextName() {
            guard name.hasSuffix(".json"), name.hasPrefix("\(id).refused-") || name.hasPrefix("\(id).unreadable-") else { continue }
            let path = "\(folder)/\(name)"
            if let modified = Self.modified(path), modified >= droppedAt, modified < earliest?.modified ?? .max {
                earliest = (path, modified)
            }
        }
        return earliest?.path
    }

    /// The modification time (nanoseconds) of a regular file at `path`, not following a link.
    private static func modified(_ path: String) -> Int64? {
        guard let status = try? SystemCall.lstat(path), status.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
    }

    /// A result file, read as drafts are (`DraftFileReader`: no link followed, a regular file
    /// of one name, within the size bound); nil if it is not there, not readable by this
    /// submitter, or not a JSON object.
    public static func readResult(_ path: String) -> JSONObject? {
        guard case .success(let file) = DraftFileReader.read(path: path, maxBytes: maxResultBytes) else { return nil }
        return try? JSONParser.parseObject(file.bytes)
    }
}
