import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateFiling
import Testing

/// `supportgate submit --wait --until filed`: past the decision, until the filing record is
/// no longer `pending`. The test plays the gate and the forwarder on a scratch spool.
@Suite("supportgate submit --until filed")
struct SubmitUntilFiledTests {
    static let contoso = FilingFixture.contoso
    let draft = CommandLineTests.examples.appendingPathComponent("azure-billing-own.draft.json").path

    /// Plays the gate: claims the one draft dropped into incoming/, writes its result as the
    /// gate names it, then the forwarder's records in `states` order, `pause` seconds apart.
    static func gate(_ spool: FilingFixture, decision: String, states: [FilingState], pause: Double) {
        let root = spool.root
        DispatchQueue.global().async {
            let deadline = Date().addingTimeInterval(30)
            var name: String?
            while name == nil, Date() < deadline {
                name = (try? FileManager.default.contentsOfDirectory(atPath: "\(root)/incoming"))?.first { !$0.hasPrefix(".") }
                if name == nil { usleep(20_000) }
            }
            guard let name, let bytes = FileManager.default.contents(atPath: "\(root)/incoming/\(name)") else { return }
            let digest = sha256(bytes)
            try? FileManager.default.moveItem(atPath: "\(root)/incoming/\(name)", toPath: "\(root)/processing/\(name)")
            let shelf = "\(root)/\(decision == "accept" ? "accepted" : "rejected")/\(contoso)"
            try? FileManager.default.createDirectory(atPath: shelf, withIntermediateDirectories: true)
            guard let result = try? FilingFixture.result(draftId: "azure-billing-own", decision: decision, uid: getuid(), sha: digest) else { return }
            place(result, at: "\(shelf)/azure-billing-own.json")
            let filed = "\(root)/filed/\(contoso)"
            try? FileManager.default.createDirectory(atPath: filed, withIntermediateDirectories: true)
            for state in states {
                usleep(UInt32(pause * 1_000_000))
                let record = FilingFixture.record(draftId: "azure-billing-own", state: state, ticketId: state == .filed ? "2412070010000002" : nil)
                place(record.bytes, at: "\(filed)/azure-billing-own.json")
            }
        }
    }

    /// Written under a hidden name and renamed, as the gate and the forwarder do.
    static func place(_ bytes: [UInt8], at path: String) {
        let temporary = path + ".tmp-\(UUID().uuidString)"
        try? Data(bytes).write(to: URL(fileURLWithPath: temporary))
        _ = rename(temporary, path)
    }

    static func sha256(_ bytes: Data) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try? process.run()
        input.fileHandleForWriting.write(bytes)
        try? input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix(64))
    }

    @Test("an accepted Azure draft: waits past pending until the record is filed, then prints result and filing", arguments: [FilingState.filed, .manual, .rejectedByMicrosoft])
    func untilFiled(final: FilingState) throws {
        let spool = try FilingFixture()
        defer { spool.remove() }
        Self.gate(spool, decision: "accept", states: [.pending, final], pause: 1.0)
        let run = try FilingFixture.run(["submit", "--spool", spool.root, "--wait", "--until", "filed", "--timeout", "30", "--format", "json", draft])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(FilingFixture.json(run.stdout))
        #expect((object["result"] as? [String: Any])?["decision"] as? String == "accept")
        #expect((object["filing"] as? [String: Any])?["state"] as? String == final.rawValue, "\(run.stdout)")
    }

    @Test("text: the decision, then the filing")
    func text() throws {
        let spool = try FilingFixture()
        defer { spool.remove() }
        Self.gate(spool, decision: "accept", states: [.filed], pause: 0.2)
        let run = try FilingFixture.run(["submit", "--spool", spool.root, "--wait", "--until", "filed", "--timeout", "30", draft])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(": ACCEPT") && run.stdout.contains("filing: filed, ticket 2412070010000002"), "\(run.stdout)")
    }

    @Test("near miss: a rejection ends the wait at once, exit 1, no filing")
    func rejectionEndsAtOnce() throws {
        let spool = try FilingFixture()
        defer { spool.remove() }
        Self.gate(spool, decision: "reject", states: [], pause: 0)
        let started = Date()
        let run = try FilingFixture.run(["submit", "--spool", spool.root, "--wait", "--until", "filed", "--timeout", "20", "--format", "json", draft])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(FilingFixture.json(run.stdout)?["filing"] is NSNull)
        #expect(Date().timeIntervalSince(started) < 15)
    }

    @Test("a filing still pending at --timeout: exit 3, the result and the pending record printed")
    func pendingTimesOut() throws {
        let spool = try FilingFixture()
        defer { spool.remove() }
        Self.gate(spool, decision: "accept", states: [.pending], pause: 0)
        let run = try FilingFixture.run(["submit", "--spool", spool.root, "--wait", "--until", "filed", "--timeout", "3", "--format", "json", draft])
        #expect(run.status == 3, "\(run.stderr)")
        #expect((FilingFixture.json(run.stdout)?["filing"] as? [String: Any])?["state"] as? String == "pending")
        #expect(run.stderr.contains("accepted, but its filing still pending after 3.0 s"), "\(run.stderr)")
    }

    @Test("--until filed needs --wait; --until decided is today's submit --wait")
    func usage() throws {
        let spool = try FilingFixture()
        defer { spool.remove() }
        #expect(try FilingFixture.run(["submit", "--spool", spool.root, "--until", "filed", draft]).status == 2)
        Self.gate(spool, decision: "accept", states: [.pending], pause: 0)
        let decided = try FilingFixture.run(["submit", "--spool", spool.root, "--wait", "--until", "decided", "--timeout", "30", "--format", "json", draft])
        #expect(decided.status == 0, "\(decided.stderr)")
        #expect(FilingFixture.json(decided.stdout)?["decision"] as? String == "accept", "near miss: the result alone, as before")
    }
}
