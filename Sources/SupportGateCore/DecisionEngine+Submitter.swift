/// Rule 2.submitter, asked first: may this uid act for the partner a draft names?
extension DecisionEngine {
    /// What a submitter who may not act for `partnerTenantId` is told, and what only the
    /// journal is told. The same answer whether the partner is unknown, suspended, on a
    /// trial or active: a submitter cannot probe the directory. Nil when it may act.
    public struct SubmitterRefusal: Sendable {
        public let told: Finding
        public let concealed: [Finding]
    }

    public func refusal(of submitter: SubmitterIdentity, for partnerTenantId: TenantGUID) -> SubmitterRefusal? {
        let field = DraftField.partnerTenantId
        let concealed: Finding
        if let partner = directory.partners[partnerTenantId] {
            guard !mayAct(submitter, for: partner) else { return nil }
            concealed = Finding(.submitterNotAuthorized,
                                "uid \(submitter.uid) may not file for partner \(partner.tenantId) (\(partner.name)): it is neither one of the partner's submitter uids nor in one of its submitter groups",
                                field: field, rule: .submitter, remedy: "")
        } else {
            concealed = Finding(.partnerUnknown, "partner \(partnerTenantId) is not in the tenant directory",
                                field: field, rule: .partnerKnown, remedy: "")
        }
        let told = Finding(.submitterNotAuthorized,
                           "uid \(submitter.uid) may not file for partner \(partnerTenantId) on this gate",
                           field: field, rule: .submitter,
                           remedy: "Check \"partnerTenantId\"; drop the draft as a user of that partner, or have the operator add your uid or group to the partner's \"submitters\".")
        return SubmitterRefusal(told: told, concealed: [concealed])
    }

    func mayAct(_ submitter: SubmitterIdentity, for partner: Partner) -> Bool {
        partner.submitterUIDs.contains(submitter.uid) || !partner.submitterGroups.isDisjoint(with: submitter.groups)
    }
}
