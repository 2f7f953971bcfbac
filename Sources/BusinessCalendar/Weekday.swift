/// ISO weekday numbering: Monday = 1 … Sunday = 7.
public enum Weekday: Int, Sendable, CaseIterable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// Accepts the English name or its three-letter abbreviation ("mon", "Monday"), case-insensitive.
    public static func parse(_ text: String) -> Weekday? {
        let lowered = text.lowercased()
        return allCases.first { day in
            let name = String(describing: day)
            return lowered == name || lowered == String(name.prefix(3))
        }
    }
}
