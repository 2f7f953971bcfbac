import CLinuxShim
#if canImport(Glibc)
import Glibc
#endif

/// The file-system floor of the spool: exactly the system calls the daemon makes to
/// move one draft through the spool, in the same order and with the same durability,
/// minus everything that is not a file operation (parsing, deciding, JSON encoding,
/// the idempotency probe of accepted/ and rejected/, the lease probe, the journal).
///
/// Per batch (at most `batchSize` drafts), as the gate's pipeline (IntakePipeline) does it:
///   claim:   readdir incoming/; per draft fstatat, renameat2(NOREPLACE) into
///            processing/ as "<inode>-<name>"; no fsync (as claimFromIncoming now has it)
///   read:    per draft openat(O_NOFOLLOW|O_NONBLOCK), fstat, read to EOF, close
///   commit, group-commit: per draft openat(O_CREAT|O_EXCL) "~tmp-…" on its shelf (a folder
///            in accepted/ or rejected/, as the gate's per-partner folders), fsetxattr of
///            its ACL, write, close; one syncfs; per draft renameat2 into place on the
///            shelf; fsync each shelf, or one syncfs when the batch touched more than two
///            touched; per draft renameat2 of the original into archive/ (quarantine/);
///            fsync processing/, fsync archive/ (quarantine/)
///   commit, per-file: per draft openat, write, fsync, close, renameat2, fsync the
///            result folder, renameat2 of the original, fsync processing/, fsync archive/
///
/// There is no decision, so the result folder comes from the draft's name: the
/// benchmark names drafts "<draftId>.json" with draftId ending in -a (the scenario
/// is meant to be accepted), -r (rejected) or -q (rejected while reading: the
/// original is quarantined). The result has `resultBytes` bytes, the size of the
/// daemon's average result.
struct SpoolFloor {
    enum Durability: String {
        case groupCommit = "group-commit"
        case perFile = "per-file"
    }

    let incoming: Folder
    let processing: Folder
    /// For syncfs of the spool's file system.
    let accepted: Folder
    let quarantine: Folder
    let archive: Folder
    let durability: Durability
    let batchSize: Int
    let maxDraftBytes: Int
    let result: [UInt8]
    /// The shelves results go on (one folder per partner in accepted/ and rejected/, as the
    /// gate has them), and the ACL each result gets (its dropper may read it).
    let shelves: Shelves
    let acl: [UInt8]

    init(root: String, durability: Durability, batchSize: Int, resultBytes: Int, maxDraftBytes: Int = 262_144) throws(FloorError) {
        incoming = try Folder(root + "/incoming")
        processing = try Folder(root + "/processing")
        accepted = try Folder(root + "/accepted")
        quarantine = try Folder(root + "/quarantine")
        archive = try Folder(root + "/archive")
        self.durability = durability
        self.batchSize = batchSize
        self.maxDraftBytes = maxDraftBytes
        // Printable bytes ending in a newline, like a pretty-printed JSON result.
        result = (0..<max(1, resultBytes)).map { $0 % 64 == 63 ? 0x0A : 0x61 + UInt8($0 % 26) }
        shelves = Shelves(root: root)
        acl = Shelves.accessACL(owner: 6, named: 4)
    }

    struct Claimed {
        let claim: Name
        let original: Name
        let inode: UInt64
    }

    struct Read {
        let claimed: Claimed
        let bytes: Int
        /// The draft's partnerTenantId, found by a byte search (no parsing): its shelf.
        let partner: Name
        var temporary = Name("")
        var folder: ResultFolder { claimed.original.resultFolder }
    }

    /// Processes everything in incoming/; returns how many drafts were moved through.
    func run() throws(FloorError) -> Int {
        var total = 0
        while true {
            let names = incoming.names(limit: batchSize)
            if names.isEmpty { return total }
            let claimed = try claim(names)
            var batch: [Read] = []
            batch.reserveCapacity(claimed.count)
            for item in claimed {
                batch.append(try read(item))
            }
            switch durability {
            case .groupCommit:
                try commit(&batch, syncEach: false)
            case .perFile:
                for index in batch.indices {
                    var one = [batch[index]]
                    try commit(&one, syncEach: true)
                }
            }
            total += batch.count
        }
    }

    private func claim(_ names: [Name]) throws(FloorError) -> [Claimed] {
        var claimed: [Claimed] = []
        claimed.reserveCapacity(names.count)
        for name in names {
            var status = stat()
            guard name.withCString({ fstatat(incoming.descriptor, $0, &status, AT_SYMLINK_NOFOLLOW) }) == 0,
                  status.st_mode & S_IFMT != S_IFDIR else { continue }
            let inode = UInt64(status.st_ino)
            let claim = name.prefixed("\(inode)-")
            guard try incoming.move(name, to: processing, as: claim, missingIsFine: true) else { continue }
            claimed.append(Claimed(claim: claim, original: name, inode: inode))
        }
        // As DraftIntake.claimFromIncoming now does: no fsync after claiming (a claim lost
        // in a crash only puts the draft back in incoming/). It used to fsync processing/ and
        // incoming/ once per batch, which costs 2 fsyncs per batch, not per draft.
        return claimed
    }

    private func read(_ item: Claimed) throws(FloorError) -> Read {
        let descriptor = item.claim.withCString { openat(processing.descriptor, $0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) }
        guard descriptor >= 0 else { throw FloorError("cannot open processing/\(item.claim)", errno: errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw FloorError("cannot fstat processing/\(item.claim)", errno: errno) }
        guard status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) <= maxDraftBytes else {
            throw FloorError("processing/\(item.claim) is not a regular file within the size limit", errno: 0)
        }
        // As DraftFileReader does: a buffer one byte larger than the size, read to EOF.
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size) + 1)
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FloorError("cannot read processing/\(item.claim)", errno: errno)
            }
            if count == 0 { break }
            filled += count
        }
        return Read(claimed: item, bytes: filled, partner: Self.partner(in: bytes[..<filled]))
    }

    /// The value of the first "partnerTenantId" in the bytes, or "none".
    static func partner(in bytes: ArraySlice<UInt8>) -> Name {
        let key = Array("\"partnerTenantId\"".utf8)
        var index = bytes.startIndex
        while index + key.count <= bytes.endIndex {
            if bytes[index] == key[0], bytes[index..<index + key.count].elementsEqual(key) {
                var start = index + key.count
                while start < bytes.endIndex, bytes[start] != UInt8(ascii: "\"") { start += 1 }
                let end = start + 37
                if end < bytes.endIndex { return Name(bytes: Array(bytes[(start + 1)..<end])) }
                break
            }
            index += 1
        }
        return Name("none")
    }

    private func commit(_ batch: inout [Read], syncEach: Bool) throws(FloorError) {
        for index in batch.indices {
            let item = batch[index]
            let temporary = item.claimed.original.prefixed("~tmp-\(item.claimed.inode)-")
            try write(to: try shelves.folder(item.folder, item.partner), name: temporary, fsync: syncEach)
            batch[index].temporary = temporary
        }
        if !syncEach, !batch.isEmpty {
            guard sg_syncfs(accepted.descriptor) == 0 else { throw FloorError("syncfs failed", errno: errno) }
        }
        var touched: [ObjectIdentifier: Folder] = [:]
        for item in batch {
            let shelf = try shelves.folder(item.folder, item.partner)
            _ = try shelf.move(item.temporary, to: shelf, as: item.claimed.original, missingIsFine: false)
            touched[ObjectIdentifier(shelf)] = shelf
        }
        // As the gate: one syncfs for a batch spread over more than two shelves, else an fsync each.
        if !syncEach, touched.count > 2 {
            guard sg_syncfs(accepted.descriptor) == 0 else { throw FloorError("syncfs failed", errno: errno) }
        } else {
            for shelf in touched.values { try shelf.sync() }
        }
        var quarantined = false
        var archived = false
        for item in batch {
            let quarantines = item.claimed.original.quarantinesOriginal
            _ = try processing.move(item.claimed.claim, to: quarantines ? quarantine : archive, as: item.claimed.claim, missingIsFine: true)
            if quarantines { quarantined = true } else { archived = true }
        }
        if !batch.isEmpty {
            try processing.sync()
            if quarantined { try quarantine.sync() }
            if archived { try archive.sync() }
        }
    }

    private func write(to folder: Folder, name: Name, fsync syncNow: Bool) throws(FloorError) {
        let descriptor = name.withCString {
            openat(folder.descriptor, $0, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o640)
        }
        guard descriptor >= 0 else { throw FloorError("cannot create \(folder.path)/\(name)", errno: errno) }
        var failure: Int32 = acl.withUnsafeBytes { sg_set_access_acl(descriptor, $0.baseAddress, UInt($0.count)) } == 0 ? 0 : errno
        if failure == 0 { result.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += count
            }
        } }
        if failure == 0, syncNow, fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0, failure == 0 { failure = errno }
        if failure != 0 { throw FloorError("cannot write \(folder.path)/\(name)", errno: failure) }
    }
}

enum ResultFolder {
    case accepted, rejected
}

struct FloorError: Error, CustomStringConvertible {
    let description: String

    init(_ message: String, errno code: Int32) {
        description = code == 0 ? message : "\(message): \(String(cString: strerror(code)))"
    }
}

/// The floor's shelves, opened (and created, with an ACL that lets one uid enter) on first use.
final class Shelves {
    private let root: String
    private var open: [Name: Folder] = [:]

    init(root: String) {
        self.root = root
    }

    func folder(_ which: ResultFolder, _ partner: Name) throws(FloorError) -> Folder {
        let key = Name(bytes: [which == .accepted ? 0x61 : 0x72] + partner.bytes)
        if let folder = open[key] { return folder }
        let path = "\(root)/\(which == .accepted ? "accepted" : "rejected")/\(partner)"
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else { throw FloorError("cannot create \(path)", errno: errno) }
        let folder = try Folder(path)
        let acl = Self.accessACL(owner: 7, named: 1)
        guard acl.withUnsafeBytes({ sg_set_access_acl(folder.descriptor, $0.baseAddress, UInt($0.count)) }) == 0 else {
            throw FloorError("cannot set the ACL of \(path)", errno: errno)
        }
        open[key] = folder
        return folder
    }

    /// system.posix_acl_access, version 2: the owner, this process's uid as the one named
    /// user, mask = what the named user gets; nothing for the owning group or others.
    static func accessACL(owner: UInt8, named: UInt8) -> [UInt8] {
        var acl: [UInt8] = [2, 0, 0, 0]
        for (tag, permissions, id) in [(0x01, owner, UInt32.max), (0x02, named, getuid()), (0x04, 0, UInt32.max), (0x10, named, UInt32.max), (0x20, 0, UInt32.max)] {
            acl += [UInt8(tag), 0, permissions, 0]
            withUnsafeBytes(of: id.littleEndian) { acl += $0 }
        }
        return acl
    }
}
