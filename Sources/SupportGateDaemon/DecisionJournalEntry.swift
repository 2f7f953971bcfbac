import BusinessCalendar
import StrictJSON
import SupportGateCore
import SupportGateSpool
import SupportGateSystemd

/// The journal entry for one decision: every field a person or a tool needs to
/// find it again (by MESSAGE_ID, DRAFT_ID, DECISION_ID, tenant) and understand it.
/// One entry however many findings: the first `maxFindingFields` as FINDING fields,
/// FINDINGS_COUNT for how many the result lists.
enum DecisionJournalEntry {
    /// With the ~30 other fields, well within `JournalEntry.maxFields`; the result file
    /// lists up to `FindingLimits.maxFindings`.
    static let maxFindingFields = 20

    static func make(_ result: DecisionResult, outcome: DraftOutcome) -> JournalEntry {
        let decision = result.decision
        let accepted = decision.isAccepted
        var message = "draft \(result.draftId) \(accepted ? "accepted" : "rejected")"
        let codes = runs(of: (decision.errors + decision.warnings).map(\.code.rawValue))
        if !codes.isEmpty { message += ": " + codes.joined(separator: ", ") }
        var entry = JournalEntry(accepted ? .draftAccepted : .draftRejected, message, priority: accepted ? .info : .notice)
        entry.add("DRAFT_ID", result.draftId)
        entry.add("DECISION_ID", result.decisionId)
        entry.add("DECISION", accepted ? "accept" : "reject")
        entry.add("REASON_CODES", decision.errors.map(\.code.rawValue).joined(separator: ","))
        entry.add("WARNING_CODES", decision.warnings.map(\.code.rawValue).joined(separator: ","))
        entry.add("PARTNER_TENANT_ID", result.partnerTenantId?.description)
        entry.add("CUSTOMER_TENANT_ID", result.customerTenantId?.description)
        entry.add("CONTEXT", decision.context?.rawValue)
        entry.add("CONFIG_REVISION", result.configRevision)
        entry.add("SEVERITY", decision.severity?.rawValue)
        entry.add("FIRST_RESPONSE_DUE", decision.serviceLevel?.firstResponseDue.rfc3339)
        entry.add("SLA_MINUTES", decision.serviceLevel.map { String($0.minutes) })
        entry.add("SLA_CLOCK", decision.serviceLevel?.clock.rawValue)
        entry.add("BILLING_CHARGED", decision.billing.map { String($0.charged) })
        entry.add("BILLING_COVERED_BY", decision.billing?.coveredBy.rawValue)
        entry.add("BILLING_ENTITLEMENT_ID", decision.billing?.entitlementId)
        entry.add("INCIDENT_ENTITLEMENT_ID", decision.incident?.entitlementId)
        entry.add("INCIDENTS_LEFT", decision.incident?.leftAfter.map { String($0) })
        entry.add("SUBMISSION_TARGET", decision.submission?.target.rawValue)
        entry.add("SUBMISSION_PATH", decision.submission.map { "\($0.method) \($0.path)" })
        entry.add("DECIDED_AT", result.decidedAt.rfc3339)
        entry.add("DRAFT_SHA256", result.draftSHA256)
        entry.add("SUBMITTER_UID", outcome.submitterUID.map { String($0) })
        entry.add("DRAFT_FILE", outcome.originalName.description)
        entry.add("RESULT_FILE", outcome.resultPath)
        entry.add("ORIGINAL_FILE", outcome.originalPath)
        // One FINDING per finding (journald keeps repeated fields): code, pointer, message,
        // remedy; the first ones, and FINDINGS_TRUNCATED (which counts what the result left
        // out) whenever there is one.
        let findings = decision.errors + decision.warnings
        var logged = Array(findings.prefix(maxFindingFields))
        if findings.count > maxFindingFields, let summary = findings.last(where: { $0.code == .findingsTruncated }) {
            logged.append(summary)
        }
        entry.add("FINDINGS_COUNT", String(findings.count))
        if logged.count < findings.count {
            entry.add("FINDINGS_NOT_IN_JOURNAL", String(findings.count - logged.count))
        }
        for finding in logged {
            let location = finding.field.map { " at \($0.description.isEmpty ? "/" : $0.description)" } ?? ""
            entry.add("FINDING", "\(finding.code.rawValue)\(location) [\(finding.rule.rawValue)]: \(finding.message) — \(finding.remedy)")
        }
        // Why the submitter was refused, which its result does not say (it could probe the
        // directory with it); journald is not readable by submitters.
        if !result.concealed.isEmpty {
            entry.add("CONCEALED_REASON_CODES", result.concealed.map(\.code.rawValue).joined(separator: ","))
            for finding in result.concealed {
                entry.add("CONCEALED_FINDING", "\(finding.code.rawValue) [\(finding.rule.rawValue)]: \(finding.message)")
            }
        }
        return entry
    }

    /// Each code once per run of equal codes, with the run's length when it is longer than
    /// one ("DRAFT_SCHEMA_INVALID (100 times)"): the message stays one short line.
    static func runs(of codes: [String]) -> [String] {
        var runs: [(code: String, count: Int)] = []
        for code in codes {
            if runs.last?.code == code { runs[runs.count - 1].count += 1 } else { runs.append((code, 1)) }
        }
        return runs.map { $0.count == 1 ? $0.code : "\($0.code) (\($0.count) times)" }
    }
}
