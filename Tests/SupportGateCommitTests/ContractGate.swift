import Foundation
import SupportGateConfig
import SupportGateCore

/// The example gate (Config/), with the allowances a test asks for. Contoso's submitters
/// are uids 1001 and 1011 (named, so no group lookup is needed); Fabrikam's is 1003.
enum ContractGate {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let contoso = "c0a70500-0000-4000-8000-000000000001"
    static let premier = "contoso-premier-2026"
    static let secondPremier = "contoso-premier-2026-b"
    static let owner: UInt32 = 1001
    static let colleague: UInt32 = 1011
    static let stranger: UInt32 = 1003

    /// `allowance` incidents for contoso-premier-2026; with `secondAllowance`, a second premier
    /// entitlement after it that a draft naming no entitlement id falls to.
    static func load(allowance: Int, secondAllowance: Int? = nil, extraCustomer: Bool = false) throws -> LoadedGate {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sg-contract-gate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var directory = try String(contentsOf: repositoryRoot.appendingPathComponent("Config/directory.json"), encoding: .utf8)
        directory = try replacing("\"submitters\": { \"uids\": [1001], \"groups\": [\"contoso-support\"] }",
                                  with: "\"submitters\": { \"uids\": [\(owner), \(colleague)], \"groups\": [] }", in: directory)
        var premierEnd = "\"incidents\": \(allowance)\n        }"
        if let secondAllowance {
            premierEnd += """
                ,
                        {
                          "id": "\(secondPremier)",
                          "kind": "premier",
                          "products": ["azure", "office365", "dynamics365", "ems"],
                          "validFrom": "2026-01-01T00:00:00Z",
                          "validUntil": "2027-01-01T00:00:00Z",
                          "incidents": \(secondAllowance)
                        }
                """
        }
        directory = try replacing("\"incidents\": 20\n        }", with: premierEnd, in: directory)
        if extraCustomer {
            directory = try replacing("\"customers\": [\n", with: """
                "customers": [
                    {
                      "tenantId": "\(unknownCustomer)",
                      "name": "Late Customer",
                      "cloud": "public",
                      "domains": ["late.example"],
                      "relationships": [{ "partnerTenantId": "\(contoso)", "azureAccessGranted": true }]
                    },

                """, in: directory)
        }
        try directory.write(to: folder.appendingPathComponent("directory.json"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Config/supportgate.toml"), to: folder.appendingPathComponent("supportgate.toml"))
        return try GateLoader.load(configPath: folder.appendingPathComponent("supportgate.toml").path).get()
    }

    /// A customer the example directory does not have (CUSTOMER_UNKNOWN), until `extraCustomer`.
    static let unknownCustomer = "1a7e0000-0000-4000-8000-00000000c0ff"

    private static func replacing(_ target: String, with replacement: String, in text: String) throws -> String {
        guard text.contains(target) else { throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "directory.json has no \(target)"]) }
        return text.replacingOccurrences(of: target, with: replacement)
    }

    private static func example(_ name: String) throws -> String {
        try String(contentsOf: repositoryRoot.appendingPathComponent("Config/examples/\(name).draft.json"), encoding: .utf8)
    }

    /// A premier draft of Contoso (one incident of contoso-premier-2026) under `id`; `variant`
    /// changes its bytes (a corrected draft); `anyPremier` names no entitlement id.
    static func premierDraft(id: String, variant: Int = 0, anyPremier: Bool = false) throws -> [UInt8] {
        var text = try example("azure-technical-own-premier")
            .replacingOccurrences(of: "\"draftId\": \"azure-technical-own-premier\"", with: "\"draftId\": \"\(id)\"")
        if variant != 0 { text = text.replacingOccurrences(of: "\"description\": \"my description\"", with: "\"description\": \"my description, take \(variant)\"") }
        if anyPremier { text = text.replacingOccurrences(of: ",\n    \"id\": \"contoso-premier-2026\"", with: "") }
        return Array(text.utf8)
    }

    /// A billing draft of Contoso for a customer (consumes nothing); `knownCustomer` false
    /// names one the directory does not have.
    static func customerDraft(id: String, knownCustomer: Bool) throws -> [UInt8] {
        var text = try example("azure-billing-customer")
            .replacingOccurrences(of: "\"draftId\": \"azure-billing-customer\"", with: "\"draftId\": \"\(id)\"")
        if !knownCustomer { text = text.replacingOccurrences(of: "600d9000-0000-4000-8000-00000000c003", with: unknownCustomer) }
        return Array(text.utf8)
    }
}
