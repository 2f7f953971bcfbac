#if canImport(Glibc)
import Glibc
#endif
import SupportGateFiling
import SupportGateSpool
import Synchronization
import SystemCalls

/// `<spool>/filed/`: the forwarder's records, one folder per partner (contract §8). Every
/// write is atomic and durable (a temporary name, fsync, rename, the folder's fsync) and
/// carries the result's access rules: the record is readable by whoever may read the result,
/// and by no one else, from before its name appears.
public final class RecordShelf: Sendable {
    public let filed: DirectoryHandle
    public let accepted: DirectoryHandle
    /// Each partner's open folder of records, made once: concurrent writers must not race to
    /// create it (one would rename the other's new folder away under it).
    private let partnerFolders = Mutex<[String: DirectoryHandle]>([:])

    public init(spoolRoot: String) throws(SpoolError) {
        let spool = SpoolPaths(root: spoolRoot)
        accepted = try DirectoryHandle(path: spool.path(.accepted))
        filed = try DirectoryHandle(path: "\(spool.root)/filed")
    }

    /// The record's file name for a draft id: `<draftId>.json`. Nil for an id that could
    /// name something else (a slash, a leading dot, a NUL, too long).
    public static func recordName(_ draftId: String) -> FileName? {
        guard !draftId.isEmpty, draftId.utf8.count <= 200, !draftId.hasPrefix("."),
              !draftId.utf8.contains(where: { $0 == UInt8(ascii: "/") || $0 == 0 }) else { return nil }
        return FileName(draftId + ".json")
    }

    /// The partner's folder of records, made on first use with the accepted shelf's ACL.
    func partnerFolder(_ partner: String) throws(SpoolError) -> DirectoryHandle {
        let result: Result<DirectoryHandle, SpoolError> = partnerFolders.withLock { folders in
            if let open = folders[partner] { return .success(open) }
            let made = Result { () throws(SpoolError) in try makePartnerFolder(partner) }
            if case .success(let folder) = made { folders[partner] = folder }
            return made
        }
        return try result.get()
    }

    private func makePartnerFolder(_ partner: String) throws(SpoolError) -> DirectoryHandle {
        let name = FileName(partner)
        if filed.exists(name) { return try DirectoryHandle(in: filed, name: name) }
        let shelf = try DirectoryHandle(in: accepted, name: name)
        let temporary = FileName(".new-\(partner)")
        // A leftover of a crash here is taken over as it is (the create tolerates it).
        let folder = try DirectoryHandle(in: filed, name: temporary, create: 0o700)
        if let acl = AccessControlList.copying(from: shelf.descriptor, owner: AccessControlList.read | AccessControlList.write | AccessControlList.search) {
            do throws(SystemCallError) {
                try acl.set(on: folder.descriptor)
            } catch {
                throw SpoolError("cannot set the shelf's ACL", path: folder.path, errno: error.errno)
            }
        }
        do {
            try filed.rename(temporary, to: filed, as: name)
        } catch where error.errno == EEXIST {
            // Made meanwhile by another turn: use that one.
        }
        try filed.sync()
        return try DirectoryHandle(in: filed, name: name)
    }

    /// The record of `draftId`, nil when there is none. A record that does not read throws.
    public func read(partner: String, draftId: String) throws -> FilingRecord? {
        guard let name = Self.recordName(draftId) else { return nil }
        let folderName = FileName(partner)
        guard filed.exists(folderName) else { return nil }
        let folder = try DirectoryHandle(in: filed, name: folderName)
        guard folder.exists(name) else { return nil }
        let descriptor = try folder.openEntry(name)
        defer { try? SystemCall.close(descriptor) }  // read only
        let read = try SizedRead.bytes(descriptor, limit: 4 << 20)
        return try FilingRecord(bytes: read.bytes)
    }

    /// Whether a record exists (of any state), without reading it.
    public func exists(partner: String, draftId: String) -> Bool {
        guard let name = Self.recordName(draftId) else { return false }
        return (try? SystemCall.fstatat(filed.descriptor, "\(partner)/\(name)")) != nil
    }

    /// Writes `record` in place of the one before, with the ACL of the result it records
    /// (`accepted/<partner>/<draftId>.json`). The data is always synced before the rename, so
    /// a record is never seen half written. `syncFolder`: sync the rename too. The pending
    /// record before a send needs it (lost, a restart would send again without asking);
    /// a later record lost in a crash leaves the pending one, which the restart settles by
    /// asking Microsoft by name, so it spares the second sync.
    public func write(_ record: FilingRecord, syncFolder: Bool = true) throws(SpoolError) {
        guard let name = Self.recordName(record.draftId) else {
            throw SpoolError("cannot name a record for this draft id", path: "\(filed.path)/\(record.partnerTenantId)", errno: EINVAL)
        }
        let folder = try partnerFolder(record.partnerTenantId)
        let acl = resultACL(partner: record.partnerTenantId, name: name)
        let temporary = FileName(".\(record.draftId).json.tmp")
        if folder.exists(temporary) { try folder.remove(temporary) }
        try folder.writeNewFile(temporary, record.bytes, fsync: true, mode: 0o600, acl: acl)
        try folder.rename(temporary, to: folder, as: name, replacing: true)
        if syncFolder { try folder.sync() }
    }

    /// The result's readers, as an ACL for the record; nil (mode 0600: the forwarder's alone)
    /// when the result has none or cannot be opened.
    private func resultACL(partner: String, name: FileName) -> AccessControlList? {
        guard let shelf = try? DirectoryHandle(in: accepted, name: FileName(partner)),
              let descriptor = try? shelf.openEntry(name) else { return nil }
        defer { try? SystemCall.close(descriptor) }  // read only
        return AccessControlList.copying(from: descriptor, owner: AccessControlList.read | AccessControlList.write)
    }
}
