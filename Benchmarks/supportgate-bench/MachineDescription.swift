#if canImport(Glibc)
import Glibc
#endif

/// What the figures were measured on: date, processor, kernel, build.
struct MachineDescription {
    let date: String
    let onlineProcessors: Int
    let cpuModel: String
    let kernel: String
    let build: String

    static func current() -> MachineDescription {
        MachineDescription(date: utcNow(), onlineProcessors: sysconf(Int32(_SC_NPROCESSORS_ONLN)),
                           cpuModel: cpuModel(), kernel: kernel(), build: buildConfiguration)
    }

    private static var buildConfiguration: String {
        #if DEBUG
        "debug (figures are not meaningful; build with -c release)"
        #else
        "release"
        #endif
    }

    private static func utcNow() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%d %H:%M:%S UTC", &parts)
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func cpuModel() -> String {
        let text = (try? FileBytes.readText("/proc/cpuinfo")) ?? ""
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingSpaces()
            }
        }
        return "unknown"
    }

    private static func kernel() -> String {
        var names = utsname()
        uname(&names)
        let system = withUnsafeBytes(of: &names.sysname) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let release = withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let machine = withUnsafeBytes(of: &names.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return "\(system) \(release) \(machine)"
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
