import BusinessCalendar
import SupportGateCore

/// The decision settings written out in one fixed form, so that the revision
/// hash changes when what decides changes, and not for comments or key order.
enum CanonicalSettings {
    static func render(limits: GateConfiguration.Limits, policy: DecisionPolicy) -> String {
        var lines = ["supportgate-config/v1"]
        lines.append("limits.maxDraftBytes=\(limits.maxDraftBytes)")
        lines.append("azure.allowPaidSupport=\(policy.allowPaidAzureSupport)")
        let targets = policy.serviceLevels
        lines.append("sla=\(targets.severityAPlus),\(targets.severityA),\(targets.severityB),\(targets.severityC),\(targets.nonBreakFixBusinessMinutes)")
        lines.append("calendar.default=" + render(policy.calendars.defaultCalendar))
        for (partner, calendar) in policy.calendars.partnerCalendars.sorted(by: { $0.key < $1.key }) {
            lines.append("calendar.partner.\(partner)=" + render(calendar))
        }
        for (language, calendar) in policy.calendars.languageCalendars.sorted(by: { $0.key < $1.key }) {
            lines.append("calendar.language.\(language)=" + render(calendar))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func render(_ named: CalendarSet.Named) -> String {
        let calendar = named.calendar
        let week = Weekday.allCases.map { day in
            calendar.weeklyHours[day].intervals.map { "\($0.start)-\($0.end)" }.joined(separator: "+")
        }.joined(separator: "|")
        let holidays = calendar.holidays.sorted().map { "\($0.year)-\($0.month)-\($0.day)" }.joined(separator: ",")
        return "\(named.name);\(calendar.timeZoneIdentifier);\(week);\(holidays)"
    }
}
