import Foundation
#if canImport(Glibc)
import Glibc
#endif
import StrictJSON
import SupportGateConfig
import SupportGateCore
import SupportGateDirectory
import TOMLDocument
import Testing

/// The directory is read in blocks and parsed as it streams: what the gate decides with, the
/// revision it names and every problem it reports must be those of the whole file.
@Suite("The directory read in blocks")
final class DirectoryFileReaderTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg reader \(UUID().uuidString)").path

    init() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A directory of `customers` customers (about 240 bytes each), so that 20,000 span
    /// several 4 MB windows; `last` replaces the last customer.
    private func directory(customers: Int, last: String? = nil) -> String {
        var text = #"{"partners": [{"tenantId": "c0a70500-0000-4000-8000-000000000001", "program": "direct"}],"# + "\n\"customers\": [\n"
        for index in 0..<customers {
            if index == customers - 1, let last {
                text += last
                break
            }
            let id = String(format: "7a115000-0000-4000-8000-%012x", index)
            text += #"  {"tenantId": "\#(id)", "name": "Customer \#(index)", "cloud": "public", "domains": ["c\#(index).example"], "relationships": [{"partnerTenantId": "c0a70500-0000-4000-8000-000000000001", "azureAccessGranted": true}]}"#
            text += index == customers - 1 ? "\n" : ",\n"
        }
        return text + "]}\n"
    }

    private func write(_ text: String, name: String = "directory.json") throws -> (configuration: String, directory: String) {
        let directory = "\(folder)/\(name)"
        try text.write(toFile: directory, atomically: true, encoding: .utf8)
        let configuration = "\(folder)/supportgate.toml"
        try "directory = \"\(directory)\"\n".write(toFile: configuration, atomically: true, encoding: .utf8)
        return (configuration, directory)
    }

    @Test("the revision hashes the settings and every byte of the file, whether read on a thread of its own or in the loader's")
    func revision() throws {
        let text = directory(customers: 20_000)
        let paths = try write(text)
        let alongside = try GateLoader.load(configPath: paths.configuration, readAhead: true).get()
        let inline = try GateLoader.load(configPath: paths.configuration, readAhead: false).get()
        var hasher = SHA256()
        hasher.update(alongside.configuration.canonicalDecisionSettings)
        hasher.update(Array(text.utf8))
        #expect(alongside.configRevision == "sha256:" + SHA256.hex(hasher.finalize()))
        #expect(inline.configRevision == alongside.configRevision)
        #expect(alongside.directory.customers.count == 20_000)
    }

    @Test("a problem deep in a large file is located as in the whole file: a syntax error by line and column, a bad value by pointer",
          arguments: [
            #"  {"tenantId": "7a115000-0000-4000-8000-ffffffffffff", "cloud": publc}"# + "\n",
            #"  {"tenantId": "7a115000-0000-4000-8000-ffffffffffff", "cloud": "mars"}"# + "\n",
            #"  {"tenantId": "7a115000-0000-4000-8000-000000000001"}"# + "\n",
            "  {\"tenantId\": \"7a115000-0000-4000-8000-ffffffffffff\", \"name\": \"\u{1}\"}\r\n",
          ])
    func locatedAsWhole(last: String) throws {
        let text = directory(customers: 20_000, last: last)
        let paths = try write(text)
        guard case .failure(let streamed) = GateLoader.load(configPath: paths.configuration) else {
            Issue.record("loaded")
            return
        }
        guard case .failure(let whole) = GateLoader.decodeDirectory(Array(text.utf8), path: paths.directory) else {
            Issue.record("the whole file decoded")
            return
        }
        #expect(streamed.problems == whole.problems)
        #expect(streamed.problems.first?.key?.hasPrefix("/customers/") == true, "\(streamed)")
    }

    @Test("customers streamed through a small window decode as the whole document does, with every kind of customer and problem among them",
          arguments: [nil, #"{"tenantId": "7a115000-0000-4000-8000-000000000005"}"#, #"{"tenantId": "7a115000-0000-4000-8000-ffffffffffff", "cloud": "mars"}"#,
                      #"{"tenantId": "7a115000-0000-4000-8000-ffffffffffff", "cloud": publc}"#])
    func streamedDecodesAsWhole(planted: String?) throws {
        var lines: [String] = []
        for index in 0..<3_000 {
            let id = String(format: "7a115000-0000-4000-8000-%012x", index)
            switch index % 101 {
            case 7: lines.append(#"{"tenantId": "\#(id)", "name": "Esc\u00e4ped", "domains": ["e\#(index).example"]}"#)
            case 31: lines.append("{\"name\": \"N\",\n   \"tenantId\": \"\(id)\"}")
            case 60: lines.append(#"{"tenantId": "\#(id)", "relationships": [{"partnerTenantId": "c0a70500-0000-4000-8000-000000000001"},"# + "\n" + #"{"partnerTenantId": "c0a70500-0000-4000-8000-000000000002"}]}"#)
            default: lines.append(#"{"tenantId": "\#(id)", "name": "Customer \#(index)", "domains": ["C\#(index).example"], "relationships": [{"partnerTenantId": "c0a70500-0000-4000-8000-000000000001", "azureAccessGranted": true}]}"#)
            }
            if index == 2_500, let planted { lines.append(planted) }
        }
        let partners = #"{"tenantId": "c0a70500-0000-4000-8000-000000000001", "program": "direct"}, {"tenantId": "c0a70500-0000-4000-8000-000000000002", "program": "direct"}"#
        let text = Array(("{\"partners\": [\(partners)],\n\"customers\": [\n  " + lines.joined(separator: ",\n  ") + "\n]}").utf8)
        var offset = 0
        let streamed = DirectoryDecoder.decode(reading: { buffer in
            let count = min(buffer.count, text.count - offset)
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: text.withUnsafeBytes { $0 }[offset..<offset + count]))
            offset += count
            return count
        }, window: 16 << 10)
        let whole = text.withUnsafeBytes { DirectoryDecoder.decode($0) }
        switch (streamed, whole) {
        case (.success(let streamed), .success(let whole)):
            #expect(planted == nil)
            #expect(streamed.customers.count == 3_000)
            #expect(zip(streamed.customers.all, whole.customers.all).allSatisfy {
                $0.tenantId == $1.tenantId && $0.name == $1.name && $0.domains == $1.domains && $0.relationships == $1.relationships && $0.cloud == $1.cloud
            })
        case (.failure(.problems(let streamedError)), .failure(.problems(let wholeError))):
            #expect(planted != nil)
            #expect(streamedError == wholeError)
            #expect(streamedError.first?.field.description.hasPrefix("/customers/") == true)
        case (.failure(.syntax(let streamedError)), .failure(.syntax(let wholeError))):
            #expect(streamedError == wholeError)
        case (let streamed, let whole):
            Issue.record("streamed \(streamed), whole \(whole)")
        }
    }

    @Test("hostile: a file that grows past the limit while it is read is refused when it passes it")
    func growsWhileRead() throws {
        let paths = try write(directory(customers: 10))
        let size = try FileManager.default.attributesOfItem(atPath: paths.directory)[.size] as? Int ?? 0
        let reader = try DirectoryFileReader.open(paths.directory, maxBytes: size, limit: "limits.maxDirectoryBytes", hashPrefix: [],
                                                  alongside: false).get()
        let handle = try #require(FileHandle(forWritingAtPath: paths.directory))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(repeating: 0x20, count: 100))
        try handle.close()
        var buffer = [UInt8](repeating: 0, count: 4096)
        var result: Int? = 1
        while let count = result, count > 0 {
            result = buffer.withUnsafeMutableBytes { reader.read(into: $0) }
        }
        #expect(result == nil)
        #expect(reader.problem?.message.contains("grew past the limit of \(size) bytes (limits.maxDirectoryBytes)") == true)
        #expect(reader.digest() == nil, "no revision for a file not read to its end")
    }

    @Test("hostile: directories that fail in their first bytes stop the reading thread every time; none is left behind")
    func failedLoadsStopTheReader() throws {
        let paths = try write("{\"partners\": nope" + String(repeating: " ", count: 8 << 20))
        let threadsBefore = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count
        for _ in 0..<20 {
            guard case .failure(let error) = GateLoader.load(configPath: paths.configuration) else {
                Issue.record("loaded")
                return
            }
            #expect(error.problems.first?.position?.line == 1)
        }
        // Other suites run alongside and start threads of their own: allow for a few.
        let threadsAfter = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count
        #expect(threadsAfter < threadsBefore + 5, "\(threadsBefore) threads before, \(threadsAfter) after")
    }
}
