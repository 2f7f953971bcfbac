import Glibc
import SupportGateFiling
import SystemCalls

/// Rotated Partner Center refresh tokens on disk: `<partnerTenantId>.refresh-token` (0600) in
/// the forwarder's state directory (0700, made if missing). Each is written under a temporary
/// name, fsynced, renamed over the old one and the directory fsynced: after a crash at any
/// point the file holds the old token or the new one, whole, and `store` has returned only
/// once the new one would survive.
public struct FileRefreshTokenStore: RefreshTokenStore {
    public let directory: String
    static let suffix = ".refresh-token"
    static let maxBytes = 64 << 10

    public init(directory: String) {
        self.directory = directory
    }

    public func current(partnerTenantId: String) throws -> Secret? {
        let name = try Self.fileName(partnerTenantId)
        let folder: Int32
        do {
            folder = try SystemCall.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        } catch where error.errno == ENOENT {
            return nil
        } catch {
            throw RefreshTokenStoreError(message: "\(directory): \(error)")
        }
        defer { try? SystemCall.close(folder) }
        let file: Int32
        do {
            file = try SystemCall.openat(folder, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        } catch where error.errno == ENOENT {
            return nil
        } catch {
            throw RefreshTokenStoreError(message: "\(directory)/\(name): \(error)")
        }
        defer { try? SystemCall.close(file) }
        let read: BoundedRead
        do {
            read = try SystemCall.readAll(file, limit: Self.maxBytes)
        } catch {
            throw RefreshTokenStoreError(message: "\(directory)/\(name): \(error)")
        }
        guard read.end == .endOfFile else { throw RefreshTokenStoreError(message: "\(directory)/\(name): larger than \(Self.maxBytes) bytes") }
        let token = String(decoding: read.bytes, as: UTF8.self).trimmingSpaces().trimmingCharacters(in: "\n\r\t ")
        return token.isEmpty ? nil : Secret(token)
    }

    public func store(_ token: Secret, partnerTenantId: String) throws {
        let name = try Self.fileName(partnerTenantId)
        let folder = try openFolder()
        defer { try? SystemCall.close(folder) }
        let temporary = ".\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        do {
            let file = try SystemCall.openat(folder, temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode: 0o600)
            do {
                defer { try? SystemCall.close(file) }
                try SystemCall.fchmod(file, 0o600)  // whatever the umask made of it
                try SystemCall.writeAll(file, Array((token.reveal() + "\n").utf8))
                try SystemCall.fsync(file)
            } catch {
                try? SystemCall.unlinkat(folder, temporary)
                throw error
            }
            try SystemCall.renameat(folder, temporary, folder, name)
            try SystemCall.fsync(folder)
        } catch {
            throw RefreshTokenStoreError(message: "\(directory)/\(name): \(error)")
        }
    }

    /// The state directory, made 0700 when missing; refused when others may write to it.
    private func openFolder() throws(RefreshTokenStoreError) -> Int32 {
        do {
            try SystemCall.mkdirat(AT_FDCWD, directory, mode: 0o700)
        } catch where error.errno == EEXIST {
        } catch {
            throw RefreshTokenStoreError(message: "\(directory): \(error)")
        }
        let folder: Int32
        let status: stat
        do {
            folder = try SystemCall.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            status = try SystemCall.fstat(folder)
        } catch {
            throw RefreshTokenStoreError(message: "\(directory): \(error)")
        }
        guard status.st_mode & 0o022 == 0 else {
            try? SystemCall.close(folder)
            throw RefreshTokenStoreError(message: "\(directory): writable by group or others; refresh tokens are kept only in a 0700 folder")
        }
        return folder
    }

    /// The tenant id becomes the file name: a GUID, nothing else.
    static func fileName(_ partnerTenantId: String) throws(RefreshTokenStoreError) -> String {
        guard TenantID.isGUID(partnerTenantId) else {
            throw RefreshTokenStoreError(message: "not a tenant id (a GUID): refused as a file name")
        }
        return partnerTenantId.lowercased() + suffix
    }
}

public struct RefreshTokenStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
