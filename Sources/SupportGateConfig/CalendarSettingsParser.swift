import BusinessCalendar
import SupportGateCore
import TOMLDocument

/// `[sla]` and `[calendars.NAME]`: first-response targets and business-hours calendars.
enum CalendarSettingsParser {
    /// `[calendars.<name>]` and its `hours`, from the settings table; the days in
    /// `Weekday`'s order, Monday first.
    static var calendarKeys: [String] { SettingsTable.allowedKeys(under: "calendars.<name>") }
    static var dayKeys: [String] { SettingsTable.allowedKeys(under: "calendars.<name>.hours") }

    /// The `[sla]` keys that are not calendars (the targets) are the table's to read; this
    /// reads the calendars and the keys that name them.
    static func parse(_ document: TOMLTable, into policy: inout DecisionPolicy, reader: inout TOMLSettingsReader) {
        var named: [String: CalendarSet.Named] = [:]
        if let calendars = reader.table(document, "calendars", prefix: "") {
            for entry in calendars.entries {
                let prefix = "calendars.\(entry.key)"
                guard case .table(let table) = entry.node.value else {
                    reader.fail(entry.node.position, prefix, "must be a table: [\(prefix)] with timeZone, hours and holidays")
                    continue
                }
                if let calendar = parseCalendar(table, prefix: prefix, reader: &reader) {
                    named[entry.key] = CalendarSet.Named(name: entry.key, calendar: calendar)
                }
            }
        }
        guard case .table(let sla)? = document["sla"]?.node.value else { return }

        if let (name, position) = reader.string(sla, "defaultCalendar", prefix: "sla"),
           let calendar = lookup(name, in: named, at: position, key: "sla.defaultCalendar", reader: &reader) {
            policy.calendars.defaultCalendar = calendar
        }
        let partnerCalendars = calendarMap(sla, "partnerCalendars", named: named, reader: &reader,
                                           keyProblem: "is not a partner tenant id (a GUID)") { TenantGUID($0) }
        policy.calendars.partnerCalendars.merge(partnerCalendars) { $1 }
        let languageCalendars = calendarMap(sla, "languageCalendars", named: named, reader: &reader,
                                            keyProblem: "is not a language tag such as \"ja\" or \"pt-BR\"") {
            LanguageTag.isWellFormed($0) ? $0.lowercased() : nil
        }
        policy.calendars.languageCalendars.merge(languageCalendars) { $1 }
    }

    /// `[sla.NAME]`: keys (partner ids, language tags) mapped to calendar names.
    private static func calendarMap<Key: Hashable>(
        _ sla: TOMLTable, _ name: String, named: [String: CalendarSet.Named], reader: inout TOMLSettingsReader,
        keyProblem: String, key makeKey: (String) -> Key?
    ) -> [Key: CalendarSet.Named] {
        guard let table = reader.table(sla, name, prefix: "sla") else { return [:] }
        var result: [Key: CalendarSet.Named] = [:]
        for entry in table.entries {
            let settingKey = "sla.\(name).\(entry.key)"
            guard let key = makeKey(entry.key) else {
                reader.fail(entry.keyPosition, settingKey, keyProblem)
                continue
            }
            guard case .string(let calendarName) = entry.node.value else {
                reader.fail(entry.node.position, settingKey, "must name a calendar, as a string")
                continue
            }
            if let calendar = lookup(calendarName, in: named, at: entry.node.position, key: settingKey, reader: &reader) {
                result[key] = calendar
            }
        }
        return result
    }

    private static func lookup(_ name: String, in named: [String: CalendarSet.Named], at position: TOMLPosition, key: String,
                               reader: inout TOMLSettingsReader) -> CalendarSet.Named? {
        if let calendar = named[name] { return calendar }
        var message = "names calendar \"\(name)\", which no [calendars.\(name)] table defines"
        if let near = NameSuggestion.closest(to: name, among: Array(named.keys)) {
            message += "; did you mean \"\(near)\"?"
        }
        reader.fail(position, key, message)
        return nil
    }

    private static func parseCalendar(_ table: TOMLTable, prefix: String, reader: inout TOMLSettingsReader) -> BusinessCalendar? {
        reader.checkKeys(table, prefix: prefix, allowed: calendarKeys)
        guard let (zone, zonePosition) = reader.string(table, "timeZone", prefix: prefix) else {
            if table["timeZone"] == nil {
                reader.fail(table.position, "\(prefix).timeZone", "is missing; give an IANA time zone such as \"Europe/Berlin\"")
            }
            return nil
        }
        var week = WeeklyHours.mondayToFridayNineToFive
        var daysValid = true
        if let hours = reader.table(table, "hours", prefix: prefix) {
            reader.checkKeys(hours, prefix: "\(prefix).hours", allowed: dayKeys)
            var days: [Weekday: DailyHours] = [:]
            for (index, dayKey) in dayKeys.enumerated() {
                guard let (spec, position) = reader.string(hours, dayKey, prefix: "\(prefix).hours"),
                      let day = Weekday(rawValue: index + 1) else { continue }
                do {
                    days[day] = try DailyHours.parse(spec)
                } catch {
                    reader.fail(position, "\(prefix).hours.\(dayKey)", error.message)
                    daysValid = false
                }
            }
            // A bad day is reported once, not again as "a week without business time":
            // the zone and holidays are still checked, against the default week.
            if daysValid { week = WeeklyHours(days) }
        }
        let holidays = parseHolidays(table, prefix: prefix, reader: &reader)
        // The zone first, with a week known to be good, so each problem is named by its own key.
        do {
            _ = try BusinessCalendar(timeZoneIdentifier: zone, weeklyHours: .mondayToFridayNineToFive)
        } catch {
            reader.fail(zonePosition, "\(prefix).timeZone", error.message)
            return nil
        }
        do {
            let calendar = try BusinessCalendar(timeZoneIdentifier: zone, weeklyHours: week, holidays: holidays)
            return daysValid ? calendar : nil
        } catch {
            reader.fail(table["hours"]?.node.position ?? table.position, "\(prefix).hours", error.message)
            return nil
        }
    }

    private static func parseHolidays(_ table: TOMLTable, prefix: String, reader: inout TOMLSettingsReader) -> Set<LocalDate> {
        guard let entry = table["holidays"] else { return [] }
        guard case .array(let items) = entry.node.value else {
            reader.fail(entry.node.position, "\(prefix).holidays", "must be an array of dates such as [2026-12-25, \"2027-01-01\"]")
            return []
        }
        var holidays: Set<LocalDate> = []
        for (index, item) in items.enumerated() {
            let text: String? = switch item.value {
            case .localDate(let date), .string(let date): date
            default: nil
            }
            guard let text, let date = LocalDate.parse(text) else {
                reader.fail(item.position, "\(prefix).holidays[\(index)]", "is not a date YYYY-MM-DD")
                continue
            }
            holidays.insert(date)
        }
        return holidays
    }
}
