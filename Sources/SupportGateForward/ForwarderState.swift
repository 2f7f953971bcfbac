import BusinessCalendar
#if canImport(Glibc)
import Glibc
#endif
import SupportGateFiling
import SupportGateSpool
import SystemCalls

/// The forwarder's own folder (`StateDirectory=supportgate-forward`, 0700):
///
///     since/<partner>           when the forwarder first ran for the partner (RFC 3339)
///     links/<partner>_<draftId> a link request of `supportgate filed link`: the SR id
///     tokens/<partner>          the newest Partner Center refresh token (rotated)
///
/// Every file is written under a temporary name, synced and renamed, so a crash leaves the
/// old value or the new one.
public final class ForwarderState: Sendable {
    public let root: DirectoryHandle
    let since: DirectoryHandle
    public let links: DirectoryHandle
    let tokens: DirectoryHandle

    public init(path: String) throws(SpoolError) {
        root = try DirectoryHandle(path: path)
        since = try DirectoryHandle(in: root, name: FileName("since"), create: 0o700)
        links = try DirectoryHandle(in: root, name: FileName("links"), create: 0o700)
        tokens = try DirectoryHandle(in: root, name: FileName("tokens"), create: 0o700)
    }

    /// `forward.since` for one partner: the configured time, or the first time this forwarder
    /// saw the partner, stored then and kept.
    public func since(partner: String, configured: Timestamp?, now: Timestamp) throws(SpoolError) -> Timestamp {
        if let configured { return configured }
        let name = FileName(partner)
        if let text = Self.readText(since, name), let stored = Timestamp.parseRFC3339(text) { return stored }
        try Self.replace(since, name, Array(now.rfc3339.utf8))
        return now
    }

    /// A link request: which manual record gets which service request.
    public struct LinkRequest: Sendable, Hashable {
        public let partner: String
        public let draftId: String
        public let serviceRequestId: String
        public let fileName: FileName
    }

    public static func linkFileName(partner: String, draftId: String) -> FileName {
        FileName("\(partner)_\(draftId)")
    }

    /// The link requests waiting, at most `limit`.
    public func linkRequests(limit: Int = 1_000) -> [LinkRequest] {
        links.names(limit: limit) { !$0.isHidden }.compactMap { name in
            let text = name.description
            guard text.utf8.count > 37, let underscore = text.index(text.startIndex, offsetBy: 36, limitedBy: text.endIndex),
                  text[underscore] == "_" else { return nil }
            let partner = String(text[..<underscore])
            let draftId = String(text[text.index(after: underscore)...])
            guard let id = Self.readText(links, name)?.trimmingWhitespace, ServiceRequestStatus.isValidID(id) else { return nil }
            return LinkRequest(partner: partner, draftId: draftId, serviceRequestId: id, fileName: name)
        }
    }

    public func remove(_ request: LinkRequest) {
        try? links.remove(request.fileName)  // gone already: nothing left to do
        try? links.sync()
    }

    static func readText(_ folder: DirectoryHandle, _ name: FileName) -> String? {
        guard let descriptor = try? folder.openEntry(name) else { return nil }
        defer { try? SystemCall.close(descriptor) }  // read only
        guard let read = try? SizedRead.bytes(descriptor, limit: 64 * 1024) else { return nil }
        return String(validating: read.bytes, as: UTF8.self)
    }

    /// Atomic and durable: temporary, fsync, rename over, folder fsync.
    static func replace(_ folder: DirectoryHandle, _ name: FileName, _ bytes: [UInt8], mode: mode_t = 0o600) throws(SpoolError) {
        let temporary = FileName(".\(name).tmp")
        if folder.exists(temporary) { try folder.remove(temporary) }
        try folder.writeNewFile(temporary, bytes, fsync: true, mode: mode)
        try folder.rename(temporary, to: folder, as: name, replacing: true)
        try folder.sync()
    }
}

/// Rotated Partner Center refresh tokens, in `tokens/<partner>` (0600): stored durably
/// before the access token that came with them is used.
extension ForwarderState: RefreshTokenStore {
    public func current(partnerTenantId: String) throws -> Secret? {
        Self.readText(tokens, FileName(partnerTenantId)).map { Secret($0) }
    }

    public func store(_ token: Secret, partnerTenantId: String) throws {
        try Self.replace(tokens, FileName(partnerTenantId), Array(token.reveal().utf8))
    }
}

extension String {
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
