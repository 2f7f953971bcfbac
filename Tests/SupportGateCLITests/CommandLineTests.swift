import Foundation
import Testing

/// The `supportgate` executable as a user runs it: exit codes 0/1/2, JSON Lines, stdin.
@Suite("supportgate command line")
struct CommandLineTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let config = repositoryRoot.appendingPathComponent("Config/supportgate.toml").path
    static let examples = repositoryRoot.appendingPathComponent("Config/examples")

    /// The executable sits beside the test bundle in the build folder.
    static var executable: URL {
        let bundleFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundleFolder, bundleFolder.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("supportgate")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return repositoryRoot.appendingPathComponent(".build/debug/supportgate")
    }

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ arguments: [String], stdin: Data? = nil) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                   stderr: String(decoding: stderrData, as: UTF8.self))
    }

    func example(_ name: String) -> String {
        Self.examples.appendingPathComponent("\(name).draft.json").path
    }

    @Test("--version prints the gate's version, the one the package is named after, and exits 0")
    func version() throws {
        let run = try Self.run(["--version"])
        #expect(run.status == 0)
        let source = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("Sources/SupportGateCore/GateVersion.swift"), encoding: .utf8)
        let version = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(source.contains("public static let current = \"\(version)\""), "\(version)")
        #expect(version.split(separator: ".").count == 3 && version.allSatisfy { $0.isNumber || $0 == "." })
    }

    @Test("all accepted: exit 0, one JSON line per draft")
    func accepted() throws {
        let run = try Self.run(["check", "--config", Self.config, "--at", "2026-11-24T18:00:00Z",
                                example("azure-billing-own"), example("office365-technical-customer")])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["decision"] as? String == "accept")
        }
    }

    @Test("one rejected: exit 1, and every draft still gets its line")
    func rejected() throws {
        let run = try Self.run(["check", "--config", Self.config, example("azure-own-tenant-csp"), example("azure-billing-own")])
        #expect(run.status == 1)
        #expect(run.stdout.split(separator: "\n").count == 2)
    }

    @Test("a draft on standard input")
    func standardInput() throws {
        let draft = try Data(contentsOf: URL(fileURLWithPath: example("azure-billing-own")))
        let run = try Self.run(["check", "--config", Self.config, "-"], stdin: draft)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"draftId\":\"azure-billing-own\""))
    }

    @Test("a missing file is a rejected draft, not a crash")
    func missingFile() throws {
        let run = try Self.run(["check", "--config", Self.config, "/nonexistent/draft.json"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("DRAFT_UNREADABLE"))
    }

    @Test("bad usage exits 2 with a hint", arguments: [
        ["check", "--config", config, "--at", "yesterday", "x.json"],
        ["check", "--config", config],
        ["check", "--config", config, "--fromat", "text", "x.json"],
        ["chek"],
    ])
    func badUsage(_ arguments: [String]) throws {
        let run = try Self.run(arguments)
        #expect(run.status == 2)
        #expect(!run.stderr.isEmpty)
    }

    @Test("a bad configuration exits 2 naming file, line and key")
    func badConfiguration() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("bad.toml").path
        try "directory = \"/nowhere.json\"\n[azure]\nallowPaidSuport = true\n".write(toFile: file, atomically: true, encoding: .utf8)
        let run = try Self.run(["config", "check", "--config", file])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(file):3:1: azure.allowPaidSuport: unknown key; did you mean \"allowPaidSupport\"?"))
        let check = try Self.run(["check", "--config", file, example("azure-billing-own")])
        #expect(check.status == 2)
        #expect(check.stdout.isEmpty)
    }

    @Test("config check on the example: exit 0")
    func configCheck() throws {
        // A copy: git checks the directory out 0644, which config check refuses (contract §7).
        let run = try Self.run(["config", "check", "--config", try ConfigCheckConfidentialityTests.example(mode: 0o640).config])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("6 partners, 5 customers"))
    }

    @Test("--directory alone takes every other setting at its default")
    func directoryOnly() throws {
        let directory = Self.repositoryRoot.appendingPathComponent("Config/directory.json").path
        let run = try Self.run(["check", "--directory", directory, "--format", "text", example("azure-billing-own")])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("calendar \"default\" (UTC)"))
    }

    @Test("--as-uid applies the submitter rule")
    func asUID() throws {
        let run = try Self.run(["check", "--config", Self.config, "--as-uid", "1003", example("azure-billing-own")])
        #expect(run.status == 1)
        #expect(run.stdout.contains("SUBMITTER_NOT_AUTHORIZED"))
        let allowed = try Self.run(["check", "--config", Self.config, "--as-uid", "1001", example("azure-billing-own")])
        #expect(allowed.status == 0)
    }
}
