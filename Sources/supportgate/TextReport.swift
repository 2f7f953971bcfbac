import BusinessCalendar
import StrictJSON
import SupportGateCore

/// `check --format text`: a result as a person reads it.
enum TextReport {
    static func render(_ result: DecisionResult, source: String) -> String {
        let decision = result.decision
        var header = "\(result.draftId) (\(source)): \(decision.isAccepted ? "ACCEPT" : "REJECT")"
        if let context = decision.context {
            header += ", \(context.rawValue)"
        }
        if let severity = decision.severity {
            header += ", severity \(severity.rawValue)"
        }
        var lines = [header]
        if let level = decision.serviceLevel {
            lines.append("  first response due \(level.firstResponseDue.rfc3339) (\(level.basis))")
        }
        if let billing = decision.billing {
            lines.append("  billing: \(billing.charged ? "charged" : "not charged"), covered by \(billing.coveredBy.rawValue)\(billing.entitlementId.map { " (\($0))" } ?? "")")
        }
        if let submission = decision.submission {
            lines.append("  submit: \(submission.method) \(submission.path) to \(submission.target.rawValue)")
        }
        for finding in decision.errors {
            lines += describe(finding, label: "error")
        }
        for finding in decision.warnings {
            lines += describe(finding, label: "warning")
        }
        lines.append("  decision \(result.decisionId) at \(result.decidedAt.rfc3339), config \(result.configRevision)")
        return lines.joined(separator: "\n")
    }

    private static func describe(_ finding: Finding, label: String) -> [String] {
        let location = finding.field.map { " at \($0.description.isEmpty ? "/" : $0.description)" } ?? ""
        return [
            "  \(label) \(finding.code.rawValue)\(location): \(finding.message)",
            "    fix: \(finding.remedy) [rule \(finding.rule.rawValue)]",
        ]
    }
}
