import BusinessCalendar
import StrictJSON
import SupportGateConfig
import SupportGateCore

/// The child-process side of the load measurement: one load in a fresh process,
/// so that VmHWM is the load's own peak. Prints `key=value` lines for the parent.
enum LoadProbe {
    /// What the gate does: GateLoader.load (read, parse, decode and index, revision hash).
    static func runGateLoader(configPath: String, directoryPath: String) -> Int32 {
        let start = MonotonicClock.nanoseconds()
        let loaded = GateLoader.load(configPath: configPath, directoryOverride: directoryPath)
        let elapsed = MonotonicClock.nanoseconds() - start
        let memory = ProcessMemory.current()
        switch loaded {
        case .failure(let error):
            print("error=\(String(describing: error).split(separator: "\n").first ?? "")")
            return 1
        case .success(let gate):
            print("load_ns=\(elapsed)")
            print("hwm_kib=\(memory.peakResidentKiB)")
            print("rss_kib=\(memory.residentKiB)")
            print("partners=\(gate.directory.partners.count)")
            print("customers=\(gate.directory.customers.count)")
            withExtendedLifetime(gate) {}
            return 0
        }
    }

    /// The same steps one at a time, each timed, with the resident set after each.
    static func runSteps(directoryPath: String) -> Int32 {
        var clock = MonotonicClock.nanoseconds()
        func lap() -> UInt64 {
            let now = MonotonicClock.nanoseconds()
            defer { clock = now }
            return now - clock
        }
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(directoryPath) } catch {
            print("error=\(error)")
            return 1
        }
        print("read_ns=\(lap()) read_rss_kib=\(ProcessMemory.current().residentKiB) bytes=\(bytes.count)")
        // Parse, decode and index in one pass: each partner and customer is decoded as it is
        // parsed, and its tree dropped (DirectoryDecoder streams the top-level arrays).
        let decoded = bytes.withUnsafeBytes { DirectoryDecoder.decode($0) }
        print("decode_ns=\(lap()) decode_rss_kib=\(ProcessMemory.current().residentKiB)")
        var hasher = SHA256()
        hasher.update(bytes)
        let digest = hasher.finalize()
        print("hash_ns=\(lap()) hwm_kib=\(ProcessMemory.current().peakResidentKiB) digest_byte=\(digest.first ?? 0)")
        guard case .success = decoded else {
            print("error=the directory did not decode")
            return 1
        }
        return 0
    }
}
