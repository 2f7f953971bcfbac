import Foundation

/// Who, besides the owner, the owning group and the gate itself, may read the tenant directory
/// (contract §7: it names every partner's customers, domains, submitters and entitlements, so
/// only root and the gate's service user may read it). Found from the open file, so what is
/// judged is what is read. Ownership is not judged: a gate run by a developer on a file of
/// their own is as confidential as the package's root:supportgate.
public struct DirectoryExposure: Sendable, Hashable, CustomStringConvertible {
    public let path: String
    /// The file's permission bits (0644).
    public let mode: UInt32
    /// The mode lets every local user read it.
    public let othersMayRead: Bool
    /// Named ACL entries that grant read after the mask, to users and groups other than the gate's.
    public let aclUsers: [UInt32]
    public let aclGroups: [UInt32]
    /// The ACL could not be read (why), so whom it grants is unknown.
    public let aclUnreadable: String?
    /// The commands that make the file confidential again.
    public let fix: String

    /// One line: who may read it, why that matters, and the fix.
    public var description: String {
        var who: [String] = []
        if othersMayRead { who.append("mode \(String(format: "%04o", mode)) lets every local user read it") }
        let named = aclUsers.map { "user:\($0)" } + aclGroups.map { "group:\($0)" }
        if !named.isEmpty { who.append("its ACL lets \(named.joined(separator: ", ")) read it") }
        if let aclUnreadable { who.append("its ACL cannot be read (\(aclUnreadable))") }
        return "the tenant directory must be readable by root and the gate only (it names every partner's customers and submitters), "
            + "but \(who.joined(separator: " and ")); fix: \(fix)"
    }
}
