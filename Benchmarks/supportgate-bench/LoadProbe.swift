#if canImport(Glibc)
import Glibc
#endif
import BusinessCalendar
import StrictJSON
import SupportGateConfig
import SupportGateCore
import SupportGateDirectory

/// The child-process side of the load measurement: one load in a fresh process,
/// so that VmHWM is the load's own peak. Prints `key=value` lines for the parent.
enum LoadProbe {
    /// What the gate does: GateLoader.load (read, parse, decode and index, revision hash).
    /// SUPPORTGATE_BENCH_READ_INLINE=1: the file read in the loader's thread, as a reload
    /// reads it, to weigh the reading thread.
    static func runGateLoader(configPath: String, directoryPath: String) -> Int32 {
        let start = MonotonicClock.nanoseconds()
        let loaded = GateLoader.load(configPath: configPath, directoryOverride: directoryPath,
                                     readAhead: getenv("SUPPORTGATE_BENCH_READ_INLINE") == nil)
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

    /// The load's parts one at a time, each timed, with the resident set after each:
    /// GateLoader.load overlaps them on two cores.
    static func runSteps(directoryPath: String) -> Int32 {
        var clock = MonotonicClock.nanoseconds()
        func lap() -> UInt64 {
            let now = MonotonicClock.nanoseconds()
            defer { clock = now }
            return now - clock
        }
        // 1. What the reading thread does: the file in 1 MB blocks, hashed.
        guard case .success(let reader) = DirectoryFileReader.open(directoryPath, maxBytes: Int.max, limit: "", hashPrefix: [], alongside: false) else {
            print("error=cannot open \(directoryPath)")
            return 1
        }
        var block = [UInt8](repeating: 0, count: 1 << 20)
        var bytes = 0
        while let count = block.withUnsafeMutableBytes({ reader.read(into: $0) }), count > 0 { bytes += count }
        let digest = reader.digest() ?? []
        print("read_ns=\(lap()) read_rss_kib=\(ProcessMemory.current().residentKiB) bytes=\(bytes) digest_byte=\(digest.first ?? 0)")
        // 2. Parse, decode and index as the file streams (the file read plainly, not hashed).
        let descriptor = open(directoryPath, O_RDONLY | O_CLOEXEC)
        let decoded = DirectoryDecoder.decode(reading: { buffer in
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            return count < 0 ? nil : count
        })
        close(descriptor)
        print("decode_ns=\(lap()) decode_rss_kib=\(ProcessMemory.current().residentKiB)")
        guard case .success = decoded else {
            print("error=the directory did not decode")
            return 1
        }
        print("hwm_kib=\(ProcessMemory.current().peakResidentKiB)")
        return 0
    }
}
