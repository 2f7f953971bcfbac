import Foundation

/// A zone's UTC offsets as a sorted transition table, so that instant↔wall-clock
/// conversions are binary searches over integers instead of Foundation calls.
///
/// Segment `i` is the span of UTC seconds where `offsets[i]` applies:
/// `[transitions[i - 1], transitions[i])`, unbounded at both ends of the table.
/// Outside the table range the first/last offset is assumed.
struct UTCOffsetTable: Sendable {
    static let firstCoveredSecond: Int64 = -2_208_988_800   // 1900-01-01T00:00:00Z
    static let lastCoveredSecond: Int64 = 7_289_654_400     // 2201-01-01T00:00:00Z

    private let transitions: [Int64]
    private let offsets: [Int64]
    /// `transitions[i] + offsets[i]`: the wall time at which segment i ends.
    private let segmentWallEnds: [Int64]
    /// `transitions[i] + offsets[i + 1]`: the wall time at which segment i + 1 starts.
    /// Both wall arrays are increasing because transitions are far more than a day apart.
    private let segmentWallStarts: [Int64]

    init(timeZone: TimeZone) {
        var transitions: [Int64] = []
        var offsets: [Int64] = [Int64(timeZone.secondsFromGMT(for: Self.date(Self.firstCoveredSecond)))]
        var cursor = Self.date(Self.firstCoveredSecond)
        let end = Self.date(Self.lastCoveredSecond)
        while let next = timeZone.nextDaylightSavingTimeTransition(after: cursor), next > cursor, next < end {
            let second = Int64(next.timeIntervalSince1970.rounded())
            let offset = Int64(timeZone.secondsFromGMT(for: Self.date(second)))
            if offset != offsets[offsets.count - 1] {
                transitions.append(second)
                offsets.append(offset)
            }
            cursor = next
        }
        self.transitions = transitions
        self.offsets = offsets
        segmentWallEnds = transitions.indices.map { transitions[$0] + offsets[$0] }
        segmentWallStarts = transitions.indices.map { transitions[$0] + offsets[$0 + 1] }
    }

    var transitionCount: Int { transitions.count }

    func offsetSeconds(atUTCSecond second: Int64) -> Int64 {
        offsets[countOfElements(in: transitions, atMost: second)]
    }

    /// The earliest instant whose wall time is at or after `wallSecond`:
    /// the first occurrence of an ambiguous wall time, the end of the gap for a skipped one.
    func firstInstant(atOrAfterWall wallSecond: Int64) -> Int64 {
        let segment = countOfElements(in: segmentWallEnds, atMost: wallSecond)
        let candidate = wallSecond - offsets[segment]
        return segment == 0 ? candidate : max(transitions[segment - 1], candidate)
    }

    /// The instant after which the wall clock never again reads earlier than `wallSecond`:
    /// the last occurrence of an ambiguous wall time, the end of the gap for a skipped one.
    func lastInstant(reachingWall wallSecond: Int64) -> Int64 {
        let segment = countOfElements(in: segmentWallStarts, lessThan: wallSecond)
        let candidate = wallSecond - offsets[segment]
        return segment == transitions.count ? candidate : min(transitions[segment], candidate)
    }

    func firstTransition(afterUTCSecond second: Int64) -> Int64? {
        let index = countOfElements(in: transitions, atMost: second)
        return index < transitions.count ? transitions[index] : nil
    }

    private func countOfElements(in sorted: [Int64], atMost value: Int64) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] <= value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private func countOfElements(in sorted: [Int64], lessThan value: Int64) -> Int {
        countOfElements(in: sorted, atMost: value - 1)
    }

    private static func date(_ second: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(second))
    }
}

extension UTCOffsetTable {
    /// The binary searches over wall times require both wall-time arrays to be increasing.
    var hasIncreasingWallTimes: Bool {
        zip(segmentWallEnds, segmentWallEnds.dropFirst()).allSatisfy { $0 < $1 }
            && zip(segmentWallStarts, segmentWallStarts.dropFirst()).allSatisfy { $0 < $1 }
            && zip(segmentWallStarts, segmentWallEnds.dropFirst()).allSatisfy { $0 < $1 }
    }
}
