/// Directory load figures gathered from fresh child processes (see LoadProbe).
struct LoadMeasurement {
    /// GateLoader.load wall time of each run, sorted.
    let loadTimes: [UInt64]
    let peakResidentKiB: Int
    let residentAfterLoadKiB: Int
    let partners: Int
    let customers: Int
    /// One run of the load's parts one at a time: read and hash, then decode.
    let steps: [String: Int]

    var medianLoad: UInt64 { loadTimes[loadTimes.count / 2] }

    static func measure(runs: Int, configPath: String, directoryPath: String) throws(ChildProcess.Failure) -> LoadMeasurement {
        var times: [UInt64] = []
        var peak = 0
        var resident = 0
        var counts = (partners: 0, customers: 0)
        for _ in 0..<max(runs, 1) {
            let fields = parse(try ChildProcess.runSelf(["load", "--config", configPath, "--directory", directoryPath]))
            guard let time = fields["load_ns"] else {
                throw ChildProcess.Failure(description: "the load probe reported no time: \(fields)")
            }
            times.append(UInt64(time))
            peak = max(peak, fields["hwm_kib"] ?? 0)
            resident = max(resident, fields["rss_kib"] ?? 0)
            counts = (fields["partners"] ?? 0, fields["customers"] ?? 0)
        }
        let steps = parse(try ChildProcess.runSelf(["load-steps", "--directory", directoryPath]))
        return LoadMeasurement(loadTimes: times.sorted(), peakResidentKiB: peak, residentAfterLoadKiB: resident,
                               partners: counts.partners, customers: counts.customers, steps: steps)
    }

    /// "a=1 b=2\nc=3" -> ["a": 1, "b": 2, "c": 3]; non-numeric values are dropped.
    private static func parse(_ output: String) -> [String: Int] {
        var fields: [String: Int] = [:]
        for token in output.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let parts = token.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let value = Int(parts[1]) {
                fields[String(parts[0])] = value
            }
        }
        return fields
    }
}
