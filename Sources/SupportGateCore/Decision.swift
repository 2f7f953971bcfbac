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

    /// Findings left out past `FindingLimits.maxFindings`; the last error then counts them.
    private(set) var omittedFindings = 0
    private var firstOmittedRule: RuleID?

    /// Rejected in rule 1 (read, size, JSON, version, schema): the draft could not be
    /// trusted, so its id is not used up and its original is quarantined.
    public var isRejectedBeforeParsing: Bool {
        errors.contains { $0.rule.isRuleOne }
    }

    public init(context: Context? = nil) {
        self.context = context
    }

    /// Keeps the first `FindingLimits.maxFindings` findings (each within the limits on its
    /// texts); past them, one `FINDINGS_TRUNCATED` error, last, counts the rest.
    mutating func add(_ finding: Finding) {
        guard omittedFindings == 0, errors.count + warnings.count < FindingLimits.maxFindings else {
            if omittedFindings > 0 { errors.removeLast() }
            omittedFindings += 1
            let rule = firstOmittedRule ?? finding.rule
            firstOmittedRule = rule
            errors.append(.findingsTruncated(omitted: omittedFindings, rule: rule))
            return
        }
        let finding = finding.bounded
        if finding.isWarning {
            warnings.append(finding)
        } else {
            errors.append(finding)
        }
    }

    /// A draft rejected in rule 1, before anything in it could be trusted. The schema
    /// reader caps its own findings (so that it stops working past the cap): its
    /// `FINDINGS_TRUNCATED` summary is kept as it is, after the findings it follows.
    public static func unreadable(_ findings: [Finding]) -> Decision {
        var decision = Decision()
        for finding in findings {
            if finding.code == .findingsTruncated, decision.omittedFindings == 0 {
                decision.errors.append(finding)
            } else {
                decision.add(finding)
            }
        }
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
