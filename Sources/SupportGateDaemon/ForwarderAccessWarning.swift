import SupportGateConfig
import SupportGateSpool
import SupportGateSystemd

/// The journal's warning when `spool.forwarderUser` names a user this host does not have:
/// results then get no entry for the forwarder, which cannot read them. Said once per
/// load (at start, at each reload that still lacks it), not once per result.
enum ForwarderAccessWarning {
    static func entry(for gate: LoadedGate) -> JournalEntry? {
        guard gate.configuration.spool.resultAccess == .acl, let user = gate.missingForwarderUser else { return nil }
        var entry = JournalEntry(.forwarderUserMissing, "spool.forwarderUser names \"\(user)\", which is not a user on this host: accepted results get no entry for the forwarder, so `supportgate forward` cannot read them; create the user (systemd-sysusers) and reload, or set spool.forwarderUser = \"\" if nothing files",
                                 priority: .warning)
        entry.add("FORWARDER_USER", user)
        return entry
    }
}
