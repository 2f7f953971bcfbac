import BusinessCalendar

/// Everything besides the directory that a decision depends on.
public struct DecisionPolicy: Sendable {
    /// `azure.allowPaidSupport`: accept (with a warning) Azure technical support the partner pays for.
    public var allowPaidAzureSupport: Bool
    public var serviceLevels: ServiceLevelTargets
    public var calendars: CalendarSet

    public init(allowPaidAzureSupport: Bool = true, serviceLevels: ServiceLevelTargets = .init(), calendars: CalendarSet = .init()) {
        self.allowPaidAzureSupport = allowPaidAzureSupport
        self.serviceLevels = serviceLevels
        self.calendars = calendars
    }
}

/// First-response targets in minutes (rule 10).
public struct ServiceLevelTargets: Sendable, Hashable {
    public var severityAPlus = 60
    public var severityA = 120
    public var severityB = 240
    public var severityC = 480
    /// "Up to one business day" for requests that are not break-fix.
    public var nonBreakFixBusinessMinutes = 480

    public init() {}

    public func minutes(for severity: Severity) -> Int {
        switch severity {
        case .aPlus: severityAPlus
        case .a: severityA
        case .b: severityB
        case .c: severityC
        }
    }
}

/// Business-hours calendars: a default, one per partner, one per support language.
public struct CalendarSet: Sendable {
    public struct Named: Sendable {
        public let name: String
        public let calendar: BusinessCalendar

        public init(name: String, calendar: BusinessCalendar) {
            self.name = name
            self.calendar = calendar
        }
    }

    public var defaultCalendar: Named
    public var partnerCalendars: [TenantGUID: Named]
    /// Keyed by lower-cased full tag ("pt-br") or primary subtag ("ja").
    public var languageCalendars: [String: Named]

    public init(defaultCalendar: Named = CalendarSet.builtInDefault, partnerCalendars: [TenantGUID: Named] = [:],
                languageCalendars: [String: Named] = CalendarSet.builtInLanguages) {
        self.defaultCalendar = defaultCalendar
        self.partnerCalendars = partnerCalendars
        self.languageCalendars = languageCalendars
    }

    public func forPartner(_ partner: TenantGUID) -> Named {
        partnerCalendars[partner] ?? defaultCalendar
    }

    /// The calendar of a support language: exact tag, then primary subtag, then the partner's.
    public func forLanguage(_ tag: String, partner: TenantGUID) -> Named {
        let lowered = tag.lowercased()
        return languageCalendars[lowered] ?? languageCalendars[LanguageTag.primary(lowered)] ?? forPartner(partner)
    }

    private static func officeHours(_ name: String, _ zone: String) -> Named {
        // The zones are fixed identifiers known to every tz database; failing here is a build defect.
        // swiftlint:disable:next force_try
        Named(name: name, calendar: try! BusinessCalendar(timeZoneIdentifier: zone, weeklyHours: .mondayToFridayNineToFive))
    }

    /// Monday–Friday 09:00–17:00 UTC, no holidays.
    public static let builtInDefault = officeHours("default", "UTC")

    /// Monday–Friday 09:00–17:00 in the main time zone of each common support language.
    public static let builtInLanguages: [String: Named] = [
        "ja": officeHours("ja", "Asia/Tokyo"),
        "zh": officeHours("zh", "Asia/Shanghai"),
        "zh-tw": officeHours("zh-tw", "Asia/Taipei"),
        "ko": officeHours("ko", "Asia/Seoul"),
        "de": officeHours("de", "Europe/Berlin"),
        "fr": officeHours("fr", "Europe/Paris"),
        "it": officeHours("it", "Europe/Rome"),
        "es": officeHours("es", "Europe/Madrid"),
        "pt": officeHours("pt", "America/Sao_Paulo"),
        "pt-pt": officeHours("pt-pt", "Europe/Lisbon"),
        "nl": officeHours("nl", "Europe/Amsterdam"),
    ]
}
