/// Percentiles of per-call timings, in nanoseconds (nearest-rank on the sorted samples).
struct LatencySummary {
    let name: String
    let count: Int
    let p50: UInt64
    let p90: UInt64
    let p99: UInt64
    let p999: UInt64
    let max: UInt64
    let mean: Double

    init(name: String, samples: [UInt64]) {
        let sorted = samples.sorted()
        self.name = name
        count = sorted.count
        func rank(_ fraction: Double) -> UInt64 {
            guard !sorted.isEmpty else { return 0 }
            let index = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
            return sorted[Swift.min(Swift.max(index, 0), sorted.count - 1)]
        }
        p50 = rank(0.50)
        p90 = rank(0.90)
        p99 = rank(0.99)
        p999 = rank(0.999)
        max = sorted.last ?? 0
        mean = sorted.isEmpty ? 0 : Double(sorted.reduce(0, &+)) / Double(sorted.count)
    }
}
