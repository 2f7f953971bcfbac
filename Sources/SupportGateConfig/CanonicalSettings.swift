import BusinessCalendar
import SupportGateCore

/// The decision settings written out in one fixed form, so that the revision
/// hash changes when what decides changes, and not for comments or key order.
/// Which keys decide is the settings table's `decides`; the form is v1's, byte for byte,
/// so that an unchanged configuration keeps its `configRevision` across upgrades.
enum CanonicalSettings {
    static func render(_ configuration: GateConfiguration) -> String {
        var lines = ["supportgate-config/v1"]
        let deciding = SettingsTable.keys.filter(\.decides)
        // v1 writes the first-response targets as one tuple, in the table's order.
        let targets = deciding.filter { $0.name.hasPrefix("sla.") && $0.kind.isInteger }
        for key in deciding {
            switch key.kind {
            case .calendar:
                continue
            case .integer where key.name.hasPrefix("sla."):
                if key.name == targets.first?.name {
                    lines.append("sla=" + targets.compactMap { $0.show(configuration) }.joined(separator: ","))
                }
            default:
                lines.append("\(key.name)=\(key.show(configuration) ?? "")")
            }
        }
        let calendars = configuration.policy.calendars
        lines.append("calendar.default=" + render(calendars.defaultCalendar))
        for (partner, calendar) in calendars.partnerCalendars.sorted(by: { $0.key < $1.key }) {
            lines.append("calendar.partner.\(partner)=" + render(calendar))
        }
        for (language, calendar) in calendars.languageCalendars.sorted(by: { $0.key < $1.key }) {
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

extension SettingKey.Kind {
    var isInteger: Bool {
        if case .integer = self { return true }
        return false
    }
}
