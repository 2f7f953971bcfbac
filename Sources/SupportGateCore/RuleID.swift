/// Stable identifiers of the rules (contract section 4). The number is the
/// section-4 rule; the name says which check inside it found the problem.
public enum RuleID: String, ContractEnum {
    case readFile = "1.read-file"
    case readSize = "1.size-limit"
    case readJSON = "1.strict-json"
    case readVersion = "1.api-version"
    case readSchema = "1.schema"
    /// Not read at all: the submitter's queue was over its cap (limits.maxQueued…).
    case submitterQueue = "1.submitter-queue"
    case duplicateDraft = "1.idempotency"
    case submitter = "2.submitter"
    case partnerKnown = "2.partner-known"
    case partnerActive = "2.partner-active"
    case partnerTrial = "2.partner-trial"
    case customerKnown = "2.customer-known"
    case relationship = "2.relationship"
    case cloud = "2.cloud"
    case signinContext = "3.signin-context"
    case ownTenantCoverage = "3.own-tenant"
    case escalation = "3.escalation"
    /// Every resource id in the Azure ticket lies in the draft's subscription.
    case resourceSubscription = "3.resource-subscription"
    case channel = "4.channel"
    case marketplace = "4.marketplace"
    case azureAccess = "5.azure-access"
    case azureSupportPlan = "5.support-plan"
    case azureFee = "5.azure-fee"
    case entitlement = "8.entitlement"
    case contact = "9.contact"
    case severityEntitlement = "10.severity"
    case severityAClock = "10.severity-a"
    case supportLanguage = "10.language"

    /// Rule 1: reading and parsing the draft.
    public var isRuleOne: Bool {
        switch self {
        case .readFile, .readSize, .readJSON, .readVersion, .readSchema, .submitterQueue: true
        default: false
        }
    }
}
