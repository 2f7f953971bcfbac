import BusinessCalendar
import StrictJSON

/// The result file of contract section 2: a decision with its identity.
public struct DecisionResult: Sendable {
    public let draftId: String
    public let decisionId: String
    public let decidedAt: Timestamp
    public let configRevision: String
    /// SHA-256 of the draft's bytes: what was decided, and the idempotency check.
    /// Nil when the file could not be read at all.
    public let draftDigest: [UInt8]?
    /// As the draft gave them, when it could be parsed (customer: nil for an own-tenant request).
    public let partnerTenantId: TenantGUID?
    public let customerTenantId: TenantGUID?
    public let decision: Decision
    /// Who dropped the draft, when known (the daemon knows; `check` only with `--as-uid`).
    public let submitterUID: UInt32?
    /// What the submitter is not told: why it may not act for the partner its draft names
    /// (PARTNER_UNKNOWN, or which partner's submitters it is not among). For the journal
    /// only; never in the result file.
    public let concealed: [Finding]

    public init(draftId: String, decisionId: String, decidedAt: Timestamp, configRevision: String, draftDigest: [UInt8]?,
                partnerTenantId: TenantGUID?, customerTenantId: TenantGUID?, decision: Decision,
                submitterUID: UInt32? = nil, concealed: [Finding] = []) {
        self.submitterUID = submitterUID
        self.concealed = concealed
        self.draftId = draftId
        self.decisionId = decisionId
        self.decidedAt = decidedAt
        self.configRevision = configRevision
        self.draftDigest = draftDigest
        self.partnerTenantId = partnerTenantId
        self.customerTenantId = customerTenantId
        self.decision = decision
    }

    public var draftSHA256: String? { draftDigest.map(SHA256.hex) }

    /// The same result with the incidents left after it as the ledger counted them.
    public func settingIncidentsLeft(_ left: Int?) -> DecisionResult {
        guard let incident = decision.incident else { return self }
        var decision = decision
        decision.incident = IncidentUse(entitlementId: incident.entitlementId, leftAfter: left)
        return replacing(decision)
    }

    /// The same identity (draft, decision id, instant, revision, submitter) with another decision.
    public func replacing(_ decision: Decision) -> DecisionResult {
        DecisionResult(draftId: draftId, decisionId: decisionId, decidedAt: decidedAt, configRevision: configRevision,
                       draftDigest: draftDigest, partnerTenantId: partnerTenantId, customerTenantId: customerTenantId,
                       decision: decision, submitterUID: submitterUID, concealed: concealed)
    }

    /// The partner whose id namespace this result belongs to: the one the draft names, once
    /// the submitter is known to act for it. Nil for a draft rejected before that (rule 1,
    /// or SUBMITTER_NOT_AUTHORIZED): such a result uses up no partner's id.
    public var trustedPartner: TenantGUID? {
        guard let partnerTenantId, !decision.isRejectedBeforeParsing,
              !decision.errors.contains(where: { $0.code == .submitterNotAuthorized }) else { return nil }
        return partnerTenantId
    }

    /// The idempotency key, for a result that uses up an id.
    public var draftKey: DraftKey? {
        trustedPartner.map { DraftKey(partner: $0, draftId: draftId) }
    }

    public var json: JSONValue {
        var object = JSONObject()
        object.members.reserveCapacity(16)
        object.append("apiVersion", .string(DraftParser.apiVersion))
        object.append("draftId", .string(draftId))
        object.append("decisionId", .string(decisionId))
        object.append("decision", .string(decision.isAccepted ? "accept" : "reject"))
        object.append("decidedAt", .string(decidedAt.rfc3339))
        object.append("configRevision", .string(configRevision))
        if let draftSHA256 {
            object.append("draftSha256", .string(draftSHA256))
        }
        if let partnerTenantId {
            object.append("partnerTenantId", .string(partnerTenantId.description))
        }
        if let customerTenantId {
            object.append("customerTenantId", .string(customerTenantId.description))
        }
        if let submitterUID {
            object.append("submitterUid", .number(JSONNumber(Int64(submitterUID))))
        }
        if let context = decision.context {
            object.append("context", .string(context.rawValue))
        }
        object.append("errors", .array(decision.errors.map(\.json)))
        object.append("warnings", .array(decision.warnings.map(\.json)))
        if let severity = decision.severity {
            object.append("severity", .string(severity.rawValue))
        }
        if let level = decision.serviceLevel {
            object.append("firstResponseDue", .string(level.firstResponseDue.rfc3339))
            object.append("sla", .object(JSONObject([
                JSONMember(key: "minutes", value: .number(JSONNumber(Int64(level.minutes)))),
                JSONMember(key: "clock", value: .string(level.clock.rawValue)),
                JSONMember(key: "basis", value: .string(level.basis)),
            ])))
        }
        if let billing = decision.billing {
            var billingObject = JSONObject()
            billingObject.append("charged", .bool(billing.charged))
            billingObject.append("coveredBy", .string(billing.coveredBy.rawValue))
            if let id = billing.entitlementId {
                billingObject.append("entitlementId", .string(id))
            }
            if let left = decision.incident?.leftAfter {
                billingObject.append("incidentsLeft", .number(JSONNumber(Int64(left))))
            }
            object.append("billing", .object(billingObject))
        }
        if let submission = decision.submission {
            object.append("submission", submission.json)
        }
        return .object(object)
    }
}
