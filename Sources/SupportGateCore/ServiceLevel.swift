import BusinessCalendar

/// When the first response is due, and why (rule 10).
public struct ServiceLevel: Sendable, Hashable {
    public enum Clock: String, Sendable {
        case twentyFourSeven = "24x7"
        case businessHours = "business-hours"
    }

    public let minutes: Int
    public let clock: Clock
    public let basis: String
    public let firstResponseDue: Timestamp

    /// Technical break-fix in English: 24x7 severity targets. Non-English: the same
    /// targets in that language's business hours. Anything else: one business day.
    static func compute(severity: Severity, draft: Draft, language: String, policy: DecisionPolicy, from start: Timestamp) -> ServiceLevel {
        let targets = policy.serviceLevels
        let isBreakFix = draft.category == .technical && draft.breakFix
        if isBreakFix && LanguageTag.isEnglish(language) {
            let minutes = targets.minutes(for: severity)
            return ServiceLevel(minutes: minutes, clock: .twentyFourSeven,
                                basis: "severity \(severity.rawValue) break-fix in English: \(minutes) minutes around the clock",
                                firstResponseDue: start.adding(minutes: minutes))
        }
        if isBreakFix {
            let minutes = targets.minutes(for: severity)
            let calendar = policy.calendars.forLanguage(language, partner: draft.partnerTenantId)
            return ServiceLevel(minutes: minutes, clock: .businessHours,
                                basis: "severity \(severity.rawValue) break-fix in \(language): \(minutes) business minutes of calendar \"\(calendar.name)\" (\(calendar.calendar.timeZoneIdentifier))",
                                firstResponseDue: calendar.calendar.addingBusinessMinutes(minutes, to: start))
        }
        let minutes = targets.nonBreakFixBusinessMinutes
        let calendar = LanguageTag.isEnglish(language)
            ? policy.calendars.forPartner(draft.partnerTenantId)
            : policy.calendars.forLanguage(language, partner: draft.partnerTenantId)
        let kind = draft.category == .technical ? "technical request that is not break-fix" : "\(draft.category.rawValue) request"
        return ServiceLevel(minutes: minutes, clock: .businessHours,
                            basis: "\(kind): one business day (\(minutes) business minutes) of calendar \"\(calendar.name)\" (\(calendar.calendar.timeZoneIdentifier))",
                            firstResponseDue: calendar.calendar.addingBusinessMinutes(minutes, to: start))
    }
}
