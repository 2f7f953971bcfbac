import SupportGateCore

/// Where a result goes inside accepted/ or rejected/, and who may read it there.
///
/// - A draft whose submitter may act for the partner it names goes on that partner's
///   shelf, `<partnerTenantId>/`: its draft ids are that partner's alone. The partner's
///   submitter uids and groups may enter it; the result is readable by the uid that
///   dropped the draft and by the partner's submitter groups.
/// - A draft rejected before that (rule 1, SUBMITTER_NOT_AUTHORIZED) uses up no
///   partner's id: it goes on its dropper's shelf, `uid-<n>/`, which only that uid may
///   enter and read (`uid-unknown/` when not even the owner could be read: the gate's alone).
/// - The forwarder (`spool.forwarderUser`) may list a partner's shelf in accepted/ and read
///   the acceptances on it, to file them (contract §8); it has no entry in rejected/ and
///   none on a dropper's shelf, and writes nowhere.
public struct ResultShelf: Sendable, Hashable {
    public let name: FileName
    let folderUsers: Set<UInt32>
    let folderGroups: Set<UInt32>
    let fileUsers: Set<UInt32>
    let fileGroups: Set<UInt32>
    /// A submitter may list its own shelf (its refused drafts' names carry a digest); a
    /// partner's shelf may only be entered, so no one learns a colleague's draft ids.
    var listable = false
    /// The forwarder's uid, on a partner's shelf: `r-x` on the folder and `r--` on each
    /// result, in accepted/ only.
    var forwarder: UInt32?

    public static func partner(_ partner: TenantGUID, submitterUIDs: Set<UInt32>, submitterGIDs: Set<UInt32>, dropper: UInt32?,
                               forwarder: UInt32? = nil) -> ResultShelf {
        let dropped: Set<UInt32> = dropper.map { [$0] } ?? []
        return ResultShelf(name: FileName(partner.description), folderUsers: submitterUIDs.union(dropped), folderGroups: submitterGIDs,
                           fileUsers: dropped, fileGroups: submitterGIDs, forwarder: forwarder)
    }

    public static func submitter(_ uid: UInt32?) -> ResultShelf {
        let users: Set<UInt32> = uid.map { [$0] } ?? []
        return ResultShelf(name: FileName(uid.map { "uid-\($0)" } ?? "uid-unknown"), folderUsers: users, folderGroups: [],
                           fileUsers: users, fileGroups: [], listable: true)
    }

    /// The shelf's folder in accepted/ (`accepted`) or rejected/.
    func folderACL(accepted: Bool) -> AccessControlList {
        var acl = AccessControlList(owner: AccessControlList.read | AccessControlList.write | AccessControlList.search,
                                    users: folderUsers, groups: folderGroups,
                                    named: listable ? AccessControlList.read | AccessControlList.search : AccessControlList.search)
        if accepted, let forwarder {
            acl.reader = forwarder
            acl.readerPermissions = AccessControlList.read | AccessControlList.search
        }
        return acl
    }

    /// A result on the shelf, in accepted/ (`accepted`) or rejected/.
    func fileACL(accepted: Bool) -> AccessControlList {
        var acl = AccessControlList(owner: AccessControlList.read | AccessControlList.write, users: fileUsers, groups: fileGroups, named: AccessControlList.read)
        if accepted, let forwarder {
            acl.reader = forwarder
            acl.readerPermissions = AccessControlList.read
        }
        return acl
    }
}
