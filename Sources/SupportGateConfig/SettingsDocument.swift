import BusinessCalendar
import SupportGateCore

/// `supportgate config show`: the effective settings as a TOML file, every default filled
/// in, in the settings table's order, paths absolute, calendars written out. Reading it back
/// gives the same settings (and the same `configRevision`).
public enum SettingsDocument {
    public static func render(_ configuration: GateConfiguration) -> String {
        let keys = SettingsTable.keys
        var lines = ["# supportgate config show: \(configuration.sourcePath ?? "(defaults)"), every default filled in"]
        for section in ConfigurationParser.sections(of: keys) {
            if !section.isEmpty { lines += ["", "[\(section)]"] }
            for key in keys where key.section == section {
                if case .calendar = key.kind {
                    if key.name == "sla.defaultCalendar" {
                        lines.append("defaultCalendar = \(SettingKey.quoted(configuration.policy.calendars.defaultCalendar.name))")
                    }
                } else if let value = key.show(configuration) {
                    lines.append("\(key.leaf) = \(value)")
                }
            }
        }
        lines += calendarTables(configuration.policy.calendars)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func calendarTables(_ calendars: CalendarSet) -> [String] {
        var lines: [String] = []
        var named: [String: BusinessCalendar] = [calendars.defaultCalendar.name: calendars.defaultCalendar.calendar]
        if !calendars.partnerCalendars.isEmpty {
            lines += ["", "[sla.partnerCalendars]"]
            for (partner, calendar) in calendars.partnerCalendars.sorted(by: { $0.key < $1.key }) {
                lines.append("\(bareOrQuoted(partner.description)) = \(SettingKey.quoted(calendar.name))")
                named[calendar.name] = named[calendar.name] ?? calendar.calendar
            }
        }
        if !calendars.languageCalendars.isEmpty {
            lines += ["", "[sla.languageCalendars]"]
            for (language, calendar) in calendars.languageCalendars.sorted(by: { $0.key < $1.key }) {
                lines.append("\(bareOrQuoted(language)) = \(SettingKey.quoted(calendar.name))")
                named[calendar.name] = named[calendar.name] ?? calendar.calendar
            }
        }
        for (name, calendar) in named.sorted(by: { $0.key < $1.key }) {
            lines += ["", "[calendars.\(bareOrQuoted(name))]", "timeZone = \(SettingKey.quoted(calendar.timeZoneIdentifier))"]
            let days = zip(CalendarSettingsParser.dayKeys, Weekday.allCases).map { key, day in
                "\(key) = \(SettingKey.quoted(hours(calendar.weeklyHours[day])))"
            }
            lines.append("hours = { \(days.joined(separator: ", ")) }")
            lines.append("holidays = [\(calendar.holidays.sorted().map(\.description).joined(separator: ", "))]")
        }
        return lines
    }

    /// A key as TOML writes it bare when it can be.
    private static func bareOrQuoted(_ key: String) -> String {
        let bare = !key.isEmpty && key.unicodeScalars.allSatisfy { $0.properties.isASCIIHexDigit || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "-" || $0 == "_" || ("0"..."9").contains($0) }
        return bare ? key : SettingKey.quoted(key)
    }

    private static func hours(_ day: DailyHours) -> String {
        guard !day.intervals.isEmpty else { return "closed" }
        return day.intervals.map { "\(clock($0.start))-\(clock($0.end))" }.joined(separator: ",")
    }

    private static func clock(_ minutes: Int) -> String {
        let hour = minutes / 60, minute = minutes % 60
        return (hour < 10 ? "0\(hour)" : "\(hour)") + ":" + (minute < 10 ? "0\(minute)" : "\(minute)")
    }
}
