/// "Did you mean" hints, as swift-argument-parser gives them: the closest
/// candidate by edit distance, if it is close enough to be a likely typo.
public enum NameSuggestion {
    public static func closest(to input: String, among candidates: [String]) -> String? {
        let lowered = input.lowercased()
        if let caseOnly = candidates.first(where: { $0.lowercased() == lowered }) {
            return caseOnly
        }
        var best: (name: String, distance: Int)?
        let length = lowered.unicodeScalars.count
        for candidate in candidates {
            // The distance is at least the difference in length, and no tolerance exceeds 3:
            // a far longer input (a hostile key) needs no quadratic comparison.
            guard abs(candidate.unicodeScalars.count - length) <= 3 else { continue }
            let distance = editDistance(lowered, candidate.lowercased())
            if distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        guard let best else { return nil }
        let tolerance = max(1, min(3, best.name.count / 3))
        return best.distance <= tolerance ? best.name : nil
    }

    /// Damerau (adjacent transposition) Levenshtein distance.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
