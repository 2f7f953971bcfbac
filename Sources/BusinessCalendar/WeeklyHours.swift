/// Business hours for each day of the week.
public struct WeeklyHours: Sendable, Hashable {
    /// Indexed by `Weekday.rawValue - 1`.
    private let hoursByDay: [DailyHours]

    /// Days missing from the dictionary are closed.
    public init(_ days: [Weekday: DailyHours]) {
        hoursByDay = Weekday.allCases.map { days[$0] ?? .closed }
    }

    /// Monday to Friday 09:00–17:00, closed at weekends.
    public static let mondayToFridayNineToFive: WeeklyHours = {
        let nineToFive = DailyHours.fromTrustedSpec("09:00-17:00")
        return WeeklyHours([.monday: nineToFive, .tuesday: nineToFive, .wednesday: nineToFive,
                            .thursday: nineToFive, .friday: nineToFive])
    }()

    public subscript(day: Weekday) -> DailyHours {
        hoursByDay[day.rawValue - 1]
    }

    public var minutesPerWeek: Int {
        hoursByDay.reduce(0) { $0 + $1.totalMinutes }
    }
}

extension DailyHours {
    /// For compile-time constant specs only.
    static func fromTrustedSpec(_ spec: String) -> DailyHours {
        do {
            return try parse(spec)
        } catch {
            preconditionFailure("invalid built-in hours \(spec): \(error)")
        }
    }
}
