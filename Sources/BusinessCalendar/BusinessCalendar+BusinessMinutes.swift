extension BusinessCalendar {
    /// The instant at which `minutes` business minutes have elapsed after `start`.
    ///
    /// - If `start` is outside business hours the clock starts at the next opening.
    /// - `minutes == 0` (or negative) gives the next instant inside business hours, or `start` itself if open.
    /// - Landing exactly on a closing time returns that closing instant (Friday 16:00 + 60 → Friday 17:00).
    /// - Elapsed time is real time; see the type documentation for DST behaviour.
    /// - Bounded: after `maximumBusinessFreeDays` (400) consecutive local days without business time
    ///   (a holiday list covering more than a year) it returns the local midnight ending that run;
    ///   results never go past 9999-12-31 local time, and `minutes` is clamped to about 10,000 years.
    public func addingBusinessMinutes(_ minutes: Int, to start: Timestamp) -> Timestamp {
        var remaining = Int64(min(max(minutes, 0), Self.maximumMinutes)) * 60_000
        var cursor = clampedMilliseconds(start)
        let startDay = localDayNumber(ofMilliseconds: cursor)
        // The previous local day may still be open (e.g. 22:00-24:00 ending at our midnight,
        // or a fall-back transition near midnight).
        var day = startDay - 1
        var businessFreeDays = 0
        var offsetWindow = constantOffsetWindow(from: day)
        var nextWeekSkipAttemptDay = startDay + 1

        while day <= Self.lastSupportedDay {
            if day >= nextWeekSkipAttemptDay && remaining > businessMillisecondsPerWeek {
                let obstacleDay: Int
                (day, obstacleDay) = skippingWholeWeeks(from: day, remaining: &remaining)
                nextWeekSkipAttemptDay = obstacleDay + 1
            }
            if day > offsetWindow.lastDay {
                offsetWindow = constantOffsetWindow(from: day)
            }
            var hadBusinessTime = false
            for interval in businessIntervals(onDay: day) {
                let (open, close) = day >= offsetWindow.firstDay
                    ? offsetWindow.utcBounds(of: interval, onDay: day)
                    : utcBounds(of: interval, onDay: day)
                let effectiveOpen = max(open, cursor)
                guard close > effectiveOpen else { continue }
                hadBusinessTime = true
                let available = close - effectiveOpen
                if remaining == 0 { return Timestamp(millisecondsSinceEpoch: effectiveOpen) }
                if remaining <= available { return Timestamp(millisecondsSinceEpoch: effectiveOpen + remaining) }
                remaining -= available
                cursor = close
            }
            businessFreeDays = hadBusinessTime ? 0 : businessFreeDays + 1
            if businessFreeDays >= Self.maximumBusinessFreeDays {
                return Timestamp(millisecondsSinceEpoch: max(cursor, startOfDayMilliseconds(day + 1)))
            }
            day += 1
        }
        return Timestamp(millisecondsSinceEpoch: max(cursor, startOfDayMilliseconds(Self.lastSupportedDay + 1)))
    }

    /// Jumps over whole weeks that are known to contain exactly `minutesPerWeek` business minutes:
    /// no holiday, and no offset transition within two days of them (so every day has its wall-clock length).
    /// Always leaves some minutes to be placed by the day-by-day walk.
    /// Returns the new day and the first day that blocks further skipping (a holiday or a transition).
    private func skippingWholeWeeks(from day: Int, remaining: inout Int64) -> (day: Int, obstacleDay: Int) {
        var limitDay = Self.lastSupportedDay
        let firstHoliday = firstIndex(in: sortedHolidayDayNumbers, atLeast: day)
        if firstHoliday < sortedHolidayDayNumbers.count {
            limitDay = min(limitDay, sortedHolidayDayNumbers[firstHoliday])
        }
        let marginDays: Int64 = 2   // larger than any UTC offset
        let searchFrom = (Int64(day) - marginDays) * CivilCalendar.secondsPerDay
        if let transition = offsetTable.firstTransition(afterUTCSecond: searchFrom) {
            let transitionDay = CivilCalendar.floorDivide(transition, CivilCalendar.secondsPerDay) - marginDays
            limitDay = min(limitDay, Int(transitionDay))
        }
        guard limitDay > day else { return (day, limitDay) }
        let weeks = min(Int64(limitDay - day) / 7, (remaining - 1) / businessMillisecondsPerWeek)
        remaining -= weeks * businessMillisecondsPerWeek
        return (day + Int(weeks) * 7, limitDay)
    }

    /// Days from `day` on whose wall-clock intervals (including a 24:00 end) all map to UTC with one
    /// offset, so the walk can skip the transition-table searches. Empty when a transition is near.
    private func constantOffsetWindow(from day: Int) -> ConstantOffsetWindow {
        let marginDays: Int64 = 2   // larger than any UTC offset
        let searchFrom = (Int64(day) - marginDays) * CivilCalendar.secondsPerDay
        let offset = offsetTable.offsetSeconds(atUTCSecond: searchFrom)
        guard let transition = offsetTable.firstTransition(afterUTCSecond: searchFrom) else {
            return ConstantOffsetWindow(firstDay: day, lastDay: Self.lastSupportedDay, offsetSeconds: offset)
        }
        let lastDay = Int(CivilCalendar.floorDivide(transition, CivilCalendar.secondsPerDay) - marginDays - 1)
        return lastDay >= day
            ? ConstantOffsetWindow(firstDay: day, lastDay: lastDay, offsetSeconds: offset)
            : ConstantOffsetWindow(firstDay: day + 1, lastDay: day, offsetSeconds: offset)
    }

    private func firstIndex(in sorted: [Int], atLeast value: Int) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// A run of local days during which the zone's UTC offset does not change.
struct ConstantOffsetWindow {
    let firstDay: Int
    let lastDay: Int
    let offsetSeconds: Int64

    func utcBounds(of interval: ClosedOpenMinutes, onDay dayNumber: Int) -> (open: Int64, close: Int64) {
        let midnight = Int64(dayNumber) * CivilCalendar.secondsPerDay - offsetSeconds
        return ((midnight + Int64(interval.start) * 60) * CivilCalendar.millisecondsPerSecond,
                (midnight + Int64(interval.end) * 60) * CivilCalendar.millisecondsPerSecond)
    }
}
