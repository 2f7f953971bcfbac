/// This process's memory figures from /proc/self/status, in kibibytes.
struct ProcessMemory {
    /// VmHWM: the peak resident set size so far.
    let peakResidentKiB: Int
    /// VmRSS: the resident set size now.
    let residentKiB: Int

    static func current() -> ProcessMemory {
        let text = (try? FileBytes.readText("/proc/self/status")) ?? ""
        return ProcessMemory(peakResidentKiB: field("VmHWM", in: text), residentKiB: field("VmRSS", in: text))
    }

    /// "VmHWM:\t  123456 kB" -> 123456; 0 when the line is missing.
    private static func field(_ name: String, in text: String) -> Int {
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let digits = line.dropFirst(name.count + 1).filter(\.isNumber)
            return Int(digits) ?? 0
        }
        return 0
    }
}
