/// The outcome of the rules for one draft: pure data, no identifiers or clocks.
public struct Decision: Sendable {
    public enum Context: String, Sendable {
        case customer
        case ownTenant = "own-tenant"
    }

    public var context: Context?
    public var errors: [Finding] = []
    public var warnings: [Finding] = []
    public var severity: Severity?
    public var serviceLevel: ServiceLevel?
    public var billing: Billing?
    public var submission: Submission?
    /// The incident this acceptance uses, when it uses one (IncidentUse.of).
    public var incident: IncidentUse?

    public var isAccepted: Bool { errors.isEmpty }

    /// Rejected in rule 1 (read, size, JSON, version, schema): the draft could not be
    /// trusted, so its id is not used up and its original is quarantined.
    public var isRejectedBeforeParsing: Bool {
        errors.contains { $0.rule.isRuleOne }
    }

    public init(context: Context? = nil) {
        self.context = context
    }

    mutating func add(_ finding: Finding) {
        if finding.isWarning {
            warnings.append(finding)
        } else {
            errors.append(finding)
        }
    }

    /// A draft rejected in rule 1, before anything in it could be trusted.
    public static func unreadable(_ findings: [Finding]) -> Decision {
        var decision = Decision()
        findings.forEach { decision.add($0) }
        return decision
    }
}

/// Who dropped the draft: the file owner, and the names of the owner's groups.
public struct SubmitterIdentity: Sendable, Hashable {
    public let uid: UInt32
    public let groups: Set<String>

    public init(uid: UInt32, groups: Set<String> = []) {
        self.uid = uid
        self.groups = groups
    }
}
