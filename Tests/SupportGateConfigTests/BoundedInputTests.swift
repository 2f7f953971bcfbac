import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
import TOMLDocument
import Testing

/// A directory or configuration file that is too large is refused from its size, before it
/// is read: a 3 GB file given by mistake (or by someone who can write the directory's
/// folder) must not take gigabytes and seconds before it is refused.
@Suite("Bounded directory and configuration files")
final class BoundedInputTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg bounded \(UUID().uuidString)").path

    init() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func configuration(_ extra: String = "", directory: String) throws -> String {
        let path = "\(folder)/supportgate.toml"
        try "directory = \"\(directory)\"\n\(extra)".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func exampleDirectory() throws -> (path: String, size: Int) {
        let source = TestSupport.repositoryRoot.appendingPathComponent("Config/directory.json")
        let path = "\(folder)/directory.json"
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: source.path, toPath: path)
        return (path, try Data(contentsOf: source).count)
    }

    private func peakResidentKilobytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }

    @Test("hostile: a 3 GiB file as the directory is refused unread with one line naming the limit; the process's peak memory does not grow by it")
    func hugeDirectory() throws {
        let path = "\(folder)/huge.json"
        let descriptor = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        #expect(descriptor >= 0)
        #expect(ftruncate(descriptor, 3 << 30) == 0)  // sparse: costs no disk
        close(descriptor)
        let before = peakResidentKilobytes()
        let loaded = GateLoader.load(configPath: try configuration(directory: path))
        guard case .failure(let error) = loaded else {
            Issue.record("a 3 GiB directory loaded")
            return
        }
        #expect(error.problems.count == 1)
        #expect(error.problems.first?.description == "\(path): is 3221225472 bytes, over the limit of 1073741824 (limits.maxDirectoryBytes); refused unread")
        #expect(peakResidentKilobytes() - before < 256 * 1024, "read whole, it would have taken 3 GiB")
    }

    @Test("near miss: a directory of exactly limits.maxDirectoryBytes loads; one byte less as the limit refuses it")
    func directoryAtTheLimit() throws {
        let directory = try exampleDirectory()
        let atLimit = try configuration("[limits]\nmaxDirectoryBytes = \(directory.size)\n", directory: directory.path)
        #expect(throws: Never.self) { try GateLoader.load(configPath: atLimit).get() }
        let under = try configuration("[limits]\nmaxDirectoryBytes = \(directory.size - 1)\n", directory: directory.path)
        guard case .failure(let error) = GateLoader.load(configPath: under) else {
            Issue.record("a directory one byte over the limit loaded")
            return
        }
        #expect(error.problems.first?.message.contains("over the limit of \(directory.size - 1) (limits.maxDirectoryBytes)") == true)
    }

    @Test("limits.maxDirectoryBytes out of range, or not an integer, is a located error")
    func limitOutOfRange() throws {
        let directory = try exampleDirectory()
        for bad in ["maxDirectoryBytes = 10", "maxDirectoryBytes = \"1G\""] {
            guard case .failure(let error) = GateLoader.loadConfiguration(path: try configuration("[limits]\n\(bad)\n", directory: directory.path)) else {
                Issue.record("\(bad) accepted")
                continue
            }
            #expect(error.problems.first?.key == "limits.maxDirectoryBytes")
            #expect(error.problems.first?.position?.line == 3)
        }
    }

    @Test("hostile: a configuration file over 1 MiB is refused unread, with one line")
    func hugeConfiguration() throws {
        let path = "\(folder)/padded.toml"
        try (String(repeating: "# padding\n", count: 110_000) + "directory = \"d.json\"\n").write(toFile: path, atomically: true, encoding: .utf8)
        guard case .failure(let error) = GateLoader.loadConfiguration(path: path) else {
            Issue.record("a 1.1 MB configuration file loaded")
            return
        }
        #expect(error.problems.count == 1)
        #expect(error.problems.first?.message.contains("over the limit of 1048576") == true)
    }
}
