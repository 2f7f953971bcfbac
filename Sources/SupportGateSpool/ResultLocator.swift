#if canImport(Glibc)
import Glibc
#endif
import StrictJSON
import SupportGateCore
import SystemCalls

/// Finds the result of one draft its submitter dropped (`supportgate submit --wait`), by the
/// names the gate gives results (`SpoolHistory.resultName`, `ResultShelf`), looking only
/// where that submitter may look: its partner's shelves by exact name (they are entered, not
/// listed), and its own `uid-<n>` shelf.
public struct ResultLocator: Sendable {
    public let layout: SpoolLayout
    public let uid: UInt32
    /// The draft's own `draftId` when it has a valid one, then the id derived from the name
    /// it was given in incoming/ (a draft that could not be parsed is known by that).
    public let draftIds: [String]
    /// The draft's `partnerTenantId` in lower case, when it could be read.
    public let partner: String?
    /// SHA-256 of the bytes dropped, hexadecimal.
    public let digest: String
    /// When it was dropped (seconds since the epoch): results named by claim number rather
    /// than digest (refused, unreadable) count only from then on.
    public let droppedAt: Int

    public static let maxResultBytes = 4 << 20

    /// What the submitter knows of its draft: its bytes and the name it got in incoming/.
    public init(layout: SpoolLayout, uid: UInt32, bytes: [UInt8], incomingName: String, droppedAt: Int) {
        self.layout = layout
        self.uid = uid
        self.droppedAt = droppedAt
        digest = SHA256.hex(SHA256.hash(bytes))
        let object = try? JSONParser.parseObject(bytes)
        var ids: [String] = []
        if let own = object?["draftId"]?.stringValue, Self.isDraftId(own) { ids.append(own) }
        let derived = DraftIdentifier.derive(fromFileName: incomingName)
        if !ids.contains(derived) { ids.append(derived) }
        draftIds = ids
        partner = object?["partnerTenantId"]?.stringValue.flatMap(TenantGUID.init).map(\.description)
    }

    /// The folders a result can appear in, for waiting on them.
    public var folders: [String] {
        var folders = ["\(layout.path(.rejected))/uid-\(uid)"]
        if let partner {
            folders += ["\(layout.path(.accepted))/\(partner)", "\(layout.path(.rejected))/\(partner)"]
        }
        return folders
    }

    /// The path of the draft's result once it is there, or nil.
    public func find() -> String? {
        let short = digest.prefix(16)
        let own = "\(layout.path(.rejected))/uid-\(uid)"
        for id in draftIds {
            if let partner {
                // The id's own result is ours only if it was decided from these bytes for us
                // (a colleague's earlier draft under the same id makes ours a duplicate).
                for folder in [layout.path(.accepted), layout.path(.rejected)] {
                    let path = "\(folder)/\(partner)/\(id).json"
                    if let result = Self.readResult(path), result["draftSha256"]?.stringValue == digest,
                       result["submitterUid"]?.numberValue?.int64Value == Int64(uid) {
                        return path
                    }
                }
                let duplicate = "\(layout.path(.rejected))/\(partner)/\(id).dup-\(short)-u\(uid).json"
                if Self.isRegularFile(duplicate) { return duplicate }
            }
            for kind in ["unauthorized", "invalid"] where Self.isRegularFile("\(own)/\(id).\(kind)-\(short).json") {
                return "\(own)/\(id).\(kind)-\(short).json"
            }
            if let numbered = numberedResult(in: own, id: id) { return numbered }
        }
        return nil
    }

    /// `ID.refused-<n>.json` or `ID.unreadable-<n>.json` on the submitter's own shelf, written
    /// since the drop (the claim number is the gate's, so these are matched by time).
    private func numberedResult(in folder: String, id: String) -> String? {
        guard let directory = opendir(folder) else { return nil }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasSuffix(".json"), name.hasPrefix("\(id).refused-") || name.hasPrefix("\(id).unreadable-") else { continue }
            var status = stat()
            let path = "\(folder)/\(name)"
            if lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, Int(status.st_mtim.tv_sec) >= droppedAt - 1 {
                return path
            }
        }
        return nil
    }

    /// A result file, read without following a link and within a size bound; nil if it is not
    /// there, not readable by this submitter, or not a JSON object.
    public static func readResult(_ path: String) -> JSONObject? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) <= maxResultBytes else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var filled = 0
        while filled < bytes.count {
            let count = try? bytes.withUnsafeMutableBytes { buffer in
                Result { () throws(SystemCallError) in
                    try SystemCall.retrying("read") { read(descriptor, buffer.baseAddress! + filled, buffer.count - filled) }
                }
            }.get()
            guard let count, count > 0 else { break }
            filled += count
        }
        guard filled == bytes.count else { return nil }
        return try? JSONParser.parseObject(bytes)
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }

    private static func isDraftId(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64 && text.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D
        }
    }
}
