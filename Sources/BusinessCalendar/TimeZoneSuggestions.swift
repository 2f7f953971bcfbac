import Foundation

/// Finds known zone identifiers close to a mistyped one, for error messages.
enum TimeZoneSuggestions {
    static func closeMatches(for identifier: String, limit: Int = 3) -> [String] {
        let wanted = Array(identifier.lowercased().utf8)
        guard !wanted.isEmpty else { return [] }
        let wantedCity = lastComponent(of: wanted)
        let threshold = max(2, wanted.count / 4)
        var scored: [(distance: Int, identifier: String)] = []
        for known in TimeZone.knownTimeZoneIdentifiers {
            let candidate = Array(known.lowercased().utf8)
            let distance = min(editDistance(wanted, candidate),
                               editDistance(wantedCity, lastComponent(of: candidate)))
            if distance <= threshold {
                scored.append((distance, known))
            }
        }
        scored.sort { ($0.distance, $0.identifier) < ($1.distance, $1.identifier) }
        return scored.prefix(limit).map(\.identifier)
    }

    private static func lastComponent(of identifier: [UInt8]) -> [UInt8] {
        guard let slash = identifier.lastIndex(of: UInt8(ascii: "/")) else { return identifier }
        return Array(identifier[(slash + 1)...])
    }

    private static func editDistance(_ lhs: [UInt8], _ rhs: [UInt8]) -> Int {
        if lhs.isEmpty || rhs.isEmpty { return max(lhs.count, rhs.count) }
        var previous = Array(0...rhs.count)
        var current = [Int](repeating: 0, count: rhs.count + 1)
        for (row, left) in lhs.enumerated() {
            current[0] = row + 1
            for (column, right) in rhs.enumerated() {
                let substitution = previous[column] + (left == right ? 0 : 1)
                current[column + 1] = min(substitution, previous[column + 1] + 1, current[column] + 1)
            }
            swap(&previous, &current)
        }
        return previous[rhs.count]
    }
}
