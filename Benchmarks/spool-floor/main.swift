#if canImport(Glibc)
import Glibc
#endif

// spool-floor ROOT MODE BATCH [RESULT_BYTES]
//     The file-system floor: moves every draft in ROOT/incoming through the spool with the
//     daemon's system calls and durability (MODE group-commit or per-file), nothing else.
//     Prints one line of key=value.
// spool-floor drop ROOT STAGING RATE OUT [STALL_SECONDS]
//     The drop-to-result probe (DropProbe.swift).

let usage = """
    usage: spool-floor ROOT group-commit|per-file BATCH [RESULT_BYTES]
           spool-floor drop ROOT STAGING RATE OUT [STALL_SECONDS]
    """

let arguments = CommandLine.arguments
do throws(FloorError) {
    if arguments.count >= 6, arguments[1] == "drop", let rate = Double(arguments[4]), rate >= 0 {
        let stall = arguments.count > 6 ? Double(arguments[6]) ?? 60 : 60
        try DropProbe(root: arguments[2], staging: arguments[3], rate: rate, output: arguments[5], stallSeconds: stall).run()
    } else if arguments.count >= 4, arguments[1] != "drop", let durability = SpoolFloor.Durability(rawValue: arguments[2]),
              let batch = Int(arguments[3]), batch > 0 {
        let resultBytes = arguments.count > 4 ? Int(arguments[4]) ?? 2_048 : 2_048
        let floor = try SpoolFloor(root: arguments[1], durability: durability, batchSize: batch, resultBytes: resultBytes)
        let start = MonotonicClock.nanoseconds()
        let count = try floor.run()
        let seconds = Double(MonotonicClock.nanoseconds() - start) / 1e9
        print("mode=\(durability.rawValue) batch=\(batch) result_bytes=\(resultBytes) drafts=\(count) seconds=\(seconds) rate=\(Double(count) / seconds)")
    } else {
        standardError(usage + "\n")
        exit(2)
    }
} catch {
    standardError("spool-floor: \(error)\n")
    exit(1)
}

func standardError(_ text: String) {
    var text = text
    text.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
}
