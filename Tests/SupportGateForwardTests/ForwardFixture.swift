import BusinessCalendar
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
import SupportGateFiling
import SupportGateForward
import SupportGateSpool
import SupportGateSystemd
import SupportGateTestKit
import SystemCalls

/// A spool with `accepted/` shelves and `filed/`, a state folder and a credentials folder,
/// in a fresh temporary folder; results written as the gate writes them.
struct ForwardFixture {
    static let contoso = "c0470500-0000-4000-8000-000000000001"
    static let fabrikam = "fab00000-0000-4000-8000-000000000003"
    static let customer = "c0570000-0000-4000-8000-000000000010"
    static let canary = "CANARY-7f3e9b1c-do-not-log"

    let root: String
    var spool: String { "\(root)/spool" }
    var stateFolder: String { "\(root)/state" }
    var credentialsFolder: String { "\(root)/credentials" }
    let gateway: FakeGateway
    let journal = MemoryJournal()
    let notifier = RecordingNotifier()

    init(_ purpose: String = #function, latency: Duration = .zero, forgetful: Bool = false) throws {
        gateway = FakeGateway(latency: latency, forgetful: forgetful)
        let safe = purpose.filter { $0.isLetter || $0.isNumber }
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sg-fwd-\(safe)-\(UUID().uuidString)").path
        for folder in ["spool/accepted", "spool/filed", "state", "credentials"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(folder)", withIntermediateDirectories: true)
        }
        chmod(credentialsFolder, 0o700)
        try credentials(for: Self.contoso)
        try credentials(for: Self.fabrikam)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }

    func credentials(for partner: String, mode: mode_t = 0o600, text: String? = nil) throws {
        let path = "\(credentialsFolder)/\(partner).json"
        try (text ?? #"{"clientId": "app-\#(partner.prefix(4))", "clientSecret": "\#(Self.canary)", "refreshToken": "\#(Self.canary)-rt"}"#)
            .write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, mode)
    }

    /// An accepted result on the partner's shelf, as the gate writes it.
    @discardableResult
    func accept(_ draftId: String, partner: String = contoso, decidedAt: String = "2026-12-07T10:00:00Z", target: FilingTarget = .azureSupportAPI,
                customer: Bool = true, owner: uid_t? = nil, fileName: String? = nil) throws -> String {
        let shelf = "\(spool)/accepted/\(partner)"
        try FileManager.default.createDirectory(atPath: shelf, withIntermediateDirectories: true)
        let name = Self.ticketName(partner: partner, draftId: draftId)
        let submission: String
        switch target {
        case .azureSupportAPI:
            submission = #"{"target": "azure-support-api", "method": "PUT", "cloud": "public", "path": "/subscriptions/5b1e0000-0000-4000-8000-000000000001/providers/Microsoft.Support/supportTickets/\#(name)?api-version=2024-04-01", "body": {"properties": {"title": "VM down", "description": "It stopped."}}}"#
        case .partnerCenter:
            submission = #"{"target": "partner-center", "method": "POST", "cloud": "public", "path": "/v1/servicerequests/en-US", "body": {"Title": "Mailbox", "Description": "Cannot send", "Severity": "Minimal"}}"#
        }
        let text = """
            {"apiVersion": "supportgate/v1", "draftId": "\(draftId)", "decisionId": "d-\(draftId)", "decision": "accept",
             "decidedAt": "\(decidedAt)", "configRevision": "sha256:00", "partnerTenantId": "\(partner)",
             \(customer ? "\"customerTenantId\": \"\(Self.customer)\", \"context\": \"customer\"," : "\"context\": \"own-tenant\",")
             "errors": [], "warnings": [], "submission": \(submission)}
            """
        let path = "\(shelf)/\(fileName ?? draftId + ".json")"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        if let owner { try SystemCall.lchown(path, owner: owner, group: owner) }
        return path
    }

    /// A stand-in for §2's UUID: fixed per (partner, draft id).
    static func ticketName(partner: String, draftId: String) -> String {
        var hash: UInt64 = 1469598103934665603
        for byte in (partner + "/" + draftId).utf8 { hash = (hash ^ UInt64(byte)) &* 1099511628211 }
        let hex = String(hash, radix: 16).leftPadded(16)
        return "\(hex.prefix(8))-\(hex.dropFirst(8).prefix(4))-5\(hex.dropFirst(13).prefix(3))-8000-000000000000"
    }

    func configuration(since: String? = nil, concurrency: Int = 4, perPartner: Int = 2) -> GateConfiguration {
        var configuration = GateConfiguration.defaults(directoryPath: "/nonexistent/directory.json")
        configuration.spool.root = spool
        configuration.forward.credentials = credentialsFolder
        configuration.forward.stateDirectory = stateFolder
        configuration.forward.since = since
        configuration.forward.concurrency = concurrency
        configuration.forward.perPartnerConcurrency = perPartner
        configuration.metrics.textfile = "\(root)/metrics.prom"
        return configuration
    }

    func forwarder(since: String? = "2026-01-01T00:00:00Z", concurrency: Int = 4, perPartner: Int = 2,
                   now: @escaping @Sendable () -> Timestamp = WallClock.now, journal: (any JournalSink)? = nil) throws -> Forwarder {
        let gateway = self.gateway
        return try Forwarder(configuration: configuration(since: since, concurrency: concurrency, perPartner: perPartner), environment: [:],
                             journal: journal ?? self.journal, notifier: notifier, makeGateway: { _ in gateway }, now: now)
    }

    func record(_ draftId: String, partner: String = contoso) throws -> FilingRecord? {
        let path = "\(spool)/filed/\(partner)/\(draftId).json"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try FilingRecord(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    /// Every byte the forwarder wrote or said: records, state, metrics, journal.
    func everythingWritten() throws -> String {
        var text = journal.entries.map { $0.allFields.map { "\($0.name)=\($0.value)" }.joined(separator: "\n") }.joined(separator: "\n")
        for folder in ["spool/filed", "state"] {
            let enumerator = FileManager.default.enumerator(atPath: "\(root)/\(folder)")
            while let path = enumerator?.nextObject() as? String {
                if let data = FileManager.default.contents(atPath: "\(root)/\(folder)/\(path)") { text += String(decoding: data, as: UTF8.self) }
            }
        }
        if let metrics = FileManager.default.contents(atPath: "\(root)/metrics-forward.prom") { text += String(decoding: metrics, as: UTF8.self) }
        return text
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// Takes every entry and keeps none (the memory test measures the forwarder, not a journal).
struct DiscardingJournal: JournalSink {
    func send(_ entry: JournalEntry) -> Bool { true }
}
