import Testing
@testable import BusinessCalendar

func timestamp(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Timestamp {
    try #require(Timestamp.parseRFC3339(text), "unparseable test timestamp \(text)", sourceLocation: sourceLocation)
}

func date(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> LocalDate {
    try #require(LocalDate.parse(text), "unparseable test date \(text)", sourceLocation: sourceLocation)
}

func weeklyHours(_ specs: [Weekday: String]) throws -> WeeklyHours {
    var days: [Weekday: DailyHours] = [:]
    for (day, spec) in specs {
        days[day] = try DailyHours.parse(spec)
    }
    return WeeklyHours(days)
}

func weeklyHours(everyDay spec: String) throws -> WeeklyHours {
    try weeklyHours(Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, spec) }))
}

func calendar(_ zone: String, _ hours: WeeklyHours = .mondayToFridayNineToFive, holidays: [String] = []) throws -> BusinessCalendar {
    try BusinessCalendar(timeZoneIdentifier: zone, weeklyHours: hours, holidays: Set(try holidays.map { try date($0) }))
}

/// Deterministic generator so that randomized tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
