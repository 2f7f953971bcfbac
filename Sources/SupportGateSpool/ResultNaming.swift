import SupportGateCore

/// The names results get on their shelf (ResultShelf).
public enum ResultNaming {
    /// `ID.json` for a decision of a draft whose submitter may act for its partner: the
    /// acceptance, or the newest rejection (which an acceptance replaces). A draft rejected
    /// before its id could be trusted gets `ID.invalid-<sha>.json` (rule 1),
    /// `ID.unreadable-<number>.json` when not even its bytes could be read,
    /// `ID.refused-<number>.json` when it was not read because its owner's queue was over the
    /// cap, or `ID.unauthorized-<sha>.json` when its submitter may not act for the partner it
    /// names; a duplicate gets `ID.dup-<sha>-u<uid>.json`.
    public static func resultName(for result: DecisionResult, claim: FileName) -> FileName {
        if result.decision.errors.contains(where: { $0.code == .draftDuplicate }), let digest = result.draftDigest {
            return duplicateName(draftId: result.draftId, digest: digest, submitterUID: result.submitterUID)
        }
        if result.trustedPartner == nil {
            let number = ClaimName.number(of: claim)
            if result.decision.errors.contains(where: { $0.code == .submitterQueueFull }) {
                return FileName("\(result.draftId).refused-\(number).json")
            }
            guard let digest = result.draftDigest else {
                return FileName("\(result.draftId).unreadable-\(number).json")
            }
            let kind = result.decision.isRejectedBeforeParsing ? "invalid" : "unauthorized"
            return FileName("\(result.draftId).\(kind)-\(SHA256.hex(digest).prefix(16)).json")
        }
        return FileName("\(result.draftId).json")
    }

    /// Where a `DRAFT_DUPLICATE` for these bytes from this submitter is written: beside the
    /// acceptance, never over it.
    public static func duplicateName(draftId: String, digest: [UInt8], submitterUID: UInt32?) -> FileName {
        FileName("\(draftId).dup-\(SHA256.hex(digest).prefix(16))\(submitterUID.map { "-u\($0)" } ?? "").json")
    }
}
