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

    public init(draftId: String, decisionId: String, decidedAt: Timestamp, configRevision: String, draftDigest: [UInt8]?,
                partnerTenantId: TenantGUID?, customerTenantId: TenantGUID?, decision: Decision) {
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
            object.append("billing", .object(billingObject))
        }
        if let submission = decision.submission {
            object.append("submission", submission.json)
        }
        return .object(object)
    }
}
