/// The markdown report: where and when, the targets with pass/fail, the latency
/// table with its floors, and the directory load step by step.
struct BenchReport {
    struct Target {
        let measure: String
        let measured: String
        let limit: String
        let passed: Bool
    }

    let machine: MachineDescription
    let arguments: BenchArguments
    let directoryBytes: Int
    let load: LoadMeasurement
    let corpus: DraftCorpus
    let check: CorpusCheck
    let latency: LatencyBenchmark.Results

    static let decideP50LimitNanoseconds: UInt64 = 5_000
    static let decideP99LimitNanoseconds: UInt64 = 50_000

    /// Issue 13's targets by size: a distributor's million customers, or the 100,000 of the
    /// other benchmarks (no peak target there).
    var loadLimits: (nanoseconds: UInt64, residentBytes: Int, peakBytes: Int?) {
        load.customers >= 500_000 ? (3_000_000_000, 400_000_000, 600_000_000) : (300_000_000, 60_000_000, nil)
    }

    var targets: [Target] {
        let peakBytes = load.peakResidentKiB * 1_024
        let residentBytes = load.residentAfterLoadKiB * 1_024
        let limits = loadLimits
        var targets = [
            Target(measure: "directory load: GateLoader.load, fresh process, median of \(load.loadTimes.count)",
                   measured: DisplayUnits.milliseconds(load.medianLoad), limit: "≤ \(DisplayUnits.milliseconds(limits.nanoseconds))",
                   passed: load.medianLoad <= limits.nanoseconds),
            Target(measure: "RSS once loaded", measured: Self.megabytes(residentBytes), limit: "≤ \(Self.megabytes(limits.residentBytes))",
                   passed: residentBytes <= limits.residentBytes),
        ]
        if let peakLimit = limits.peakBytes {
            targets.append(Target(measure: "peak RSS while loading (VmHWM)", measured: Self.megabytes(peakBytes), limit: "≤ \(Self.megabytes(peakLimit))",
                                  passed: peakBytes <= peakLimit))
        }
        return targets + [
            Target(measure: "decide p50", measured: DisplayUnits.microseconds(latency.decide.p50), limit: "≤ 5 µs",
                   passed: latency.decide.p50 <= Self.decideP50LimitNanoseconds),
            Target(measure: "decide p99", measured: DisplayUnits.microseconds(latency.decide.p99), limit: "≤ 50 µs",
                   passed: latency.decide.p99 <= Self.decideP99LimitNanoseconds),
        ]
    }

    var allPassed: Bool { targets.allSatisfy(\.passed) }

    func render() -> String {
        var lines = header()
        lines += ["", "## Targets — \(allPassed ? "all met" : "MISSED")", "",
                  "| measure | measured | target | result |", "|---|---:|---:|:---:|"]
        lines += targets.map { "| \($0.measure) | \($0.measured) | \($0.limit) | \($0.passed ? "PASS" : "**FAIL**") |" }
        lines += latencyTable()
        lines += loadTable()
        return lines.joined(separator: "\n")
    }

    private func header() -> [String] {
        let averageDraft = corpus.totalBytes / max(corpus.entries.count, 1)
        let matched = corpus.entries.count - check.mismatches.count
        return [
            "# supportgate benchmark",
            "",
            "- date: \(machine.date)",
            "- machine: \(machine.cpuModel), nproc \(machine.onlineProcessors), \(machine.kernel)",
            "- build: \(machine.build)",
            "- directory: `\(arguments.directoryPath)`, \(Self.megabytes(directoryBytes)), "
                + "\(Self.grouped(load.partners)) partners, \(Self.grouped(load.customers)) customers",
            "- drafts: `\(arguments.draftsPath)`, \(Self.grouped(corpus.entries.count)) distinct (average \(Self.grouped(averageDraft)) bytes): "
                + "\(Self.grouped(check.accepted)) accept, \(Self.grouped(check.rejected)) reject "
                + "(\(Self.grouped(check.rejectedInParse)) of them in parsing); decided as their scenario intends: "
                + "\(Self.grouped(matched)) of \(Self.grouped(corpus.entries.count))",
            "- reason codes (drafts carrying each): " + check.codeCounts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                .map { "\($0.key) \(Self.grouped($0.value))" }.joined(separator: ", "),
            "- decided at \(arguments.instant) with `\(arguments.configPath)`; submitter = the uid that dropped each draft",
        ]
    }

    private func latencyTable() -> [String] {
        let rows = [("floor", latency.timerFloor), ("floor", latency.lookupFloor), ("rule 1", latency.parse),
                    ("rules 2–10", latency.decide), ("whole", latency.evaluate)]
        var lines = ["", "## Latency per call (monotonic clock, each call timed on its own)", "",
                     "| | path | samples | p50 | p90 | p99 | p99.9 | max | mean |",
                     "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
        for (kind, summary) in rows {
            lines.append("| \(kind) | \(summary.name) | \(Self.grouped(summary.count)) | \(DisplayUnits.microseconds(summary.p50)) | "
                + "\(DisplayUnits.microseconds(summary.p90)) | \(DisplayUnits.microseconds(summary.p99)) | \(DisplayUnits.microseconds(summary.p999)) | "
                + "\(DisplayUnits.microseconds(summary.max)) | \(DisplayUnits.microseconds(summary.mean)) |")
        }
        let floor = max(latency.lookupFloor.p50, 1)
        lines += ["", "decide p50 = \(DisplayUnits.fixed(Double(latency.decide.p50) / Double(floor), 1))× the lookup floor p50; "
            + "every figure includes one timer overhead (the first floor)."]
        return lines
    }

    private func loadTable() -> [String] {
        let steps: [(String, String)] = [
            ("read and hash the file in 1 MB blocks (the reading thread's part)", "read"),
            ("parse, decode and index as the file streams, one thread", "decode"),
        ]
        var lines = ["", "## Directory load, part by part (one more fresh process; GateLoader.load overlaps them on two cores)", "",
                     "| part | time | RSS after |", "|---|---:|---:|"]
        for (label, key) in steps {
            let time = UInt64(load.steps["\(key)_ns"] ?? 0)
            let resident = load.steps["\(key)_rss_kib"].map { Self.megabytes($0 * 1_024) } ?? "—"
            lines.append("| \(label) | \(DisplayUnits.milliseconds(time)) | \(resident) |")
        }
        lines.append("| peak RSS of the two | | \(Self.megabytes((load.steps["hwm_kib"] ?? 0) * 1_024)) |")
        let runs = load.loadTimes.map(DisplayUnits.milliseconds).joined(separator: ", ")
        lines += ["", "GateLoader.load runs (sorted): \(runs); RSS after load \(Self.megabytes(load.residentAfterLoadKiB * 1_024))."]
        return lines
    }

    static func megabytes(_ bytes: Int) -> String {
        "\(DisplayUnits.fixed(Double(bytes) / 1_000_000, 1)) MB"
    }

    /// 100000 -> "100,000".
    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value.magnitude))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return value < 0 ? "-" + text : text
    }
}
