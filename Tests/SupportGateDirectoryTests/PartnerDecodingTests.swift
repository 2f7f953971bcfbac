import Foundation
import StrictJSON
import SupportGateConfig
@testable import SupportGateCore
@testable import SupportGateDirectory
import Testing

/// Partners streamed from the file decode as the parse tree of the whole document does, and
/// every partner the contract refuses is refused with a located problem.
@Suite("Partners decoded as they stream")
struct PartnerDecodingTests {
    static let azurePlan = #"{"id": "plan", "kind": "azure-support-plan", "subscriptionId": "132d901f-189d-4381-9214-fe68e27e05a1", "validFrom": "2026-03-01T00:00:00Z", "validUntil": "2027-03-01T00:00:00Z", "incidents": null}"#

    /// Partners of the common shape, and with escapes, non-ASCII text and nulls: each decodes
    /// the same streamed as whole.
    static let variants: [String] = [
        #"{"tenantId": "c0a70500-0000-4000-8000-000000000001", "name": "Contoso", "cloud": "public", "status": "active", "program": "direct", "trial": false, "domains": ["Contoso.COM"], "submitters": {"uids": [1001, 0, 4294967295], "groups": ["contoso-support"]}, "entitlements": [{"id": "z-premier", "kind": "premier", "products": ["azure", "office365"], "validFrom": "2026-01-01T00:00:00Z", "validUntil": "2027-01-01T00:00:00Z", "incidents": 20}, \#(azurePlan)]}"#,
        "{\n\t\"program\" : \"indirect-reseller\" ,\r\n \"tenantId\":\"C0A70500-0000-4000-8000-000000000002\" , \"submitters\": {}, \"entitlements\": [] }",
        #"{"tenantId": "c0a70500-0000-4000-8000-000000000003", "program": "indirect-provider", "status": "suspended", "trial": true, "cloud": "usgov", "submitters": {"groups": []}}"#,
        #"{"tenantId": "c0a70500-0000-4000-8000-000000000004", "program": "direct", "entitlements": [{"id": "p", "kind": "azure-support-plan", "products": ["azure"], "subscriptionId": "132d901f-189d-4381-9214-fe68e27e05a1"}, {"kind": "unified", "id": "u", "incidents": 0}]}"#,
        #"{"tenantId": "c0a70500-0000-4000-8000-000000000005", "program": "direct", "name": "Grüße GmbH"}"#,
        #"{"tenantId": "c0a70500-0000-4000-8000-000000000006", "program": "direct", "name": "Quote \"q\""}"#,
        #"{"tenantId": "c0a70500-0000-4000-8000-000000000007", "program": "direct", "name": null, "cloud": null, "domains": null, "submitters": {"uids": null}}"#,
        #"{"tenantId": "c0a70500-0000-4000-8000-000000000008", "program": "direct", "domains": ["a.example", "\u0062.example"]}"#,
        #"{"tenantId": "c0a70500-0000-4000-8000-000000000009", "program": "direct", "entitlements": [{"id": "e", "kind": "premier", "validFrom": null, "incidents": 3}]}"#,
        #"{"tenantId": "c0a70500-0000-4000-8000-00000000000a", "program": "direct", "entitlements": [{"id": "p", "kind": "azure-support-plan", "subscriptionId": "132d901f-189d-4381-9214-fe68e27e05a1", "validFrom": "2026-03-01T00:00:00+02:00"}]}"#,
    ]

    static func document(_ partners: [String]) -> String {
        #"{"partners": [\#(partners.joined(separator: ",\n"))], "customers": []}"#
    }

    @Test("every variant decodes to the same partner as the parse tree and the decoder make of it")
    func sameAsTheDecoder() throws {
        let text = Self.document(Self.variants)
        let streamed = try GateLoader.decodeDirectory(Array(text.utf8), path: "dir.json").get()
        let whole = try DirectoryDecoder.decode(JSONParser.parse(text)).get()
        #expect(streamed.partners.count == Self.variants.count)
        for (id, slow) in whole.partners {
            guard let fast = streamed.partners[id] else {
                Issue.record("\(id) missing")
                continue
            }
            #expect(fast.name == slow.name, "\(id)")
            #expect(fast.cloud == slow.cloud && fast.status == slow.status && fast.program == slow.program && fast.trial == slow.trial, "\(id)")
            #expect(fast.domains == slow.domains, "\(id)")
            #expect(fast.submitterUIDs == slow.submitterUIDs && fast.submitterGroups == slow.submitterGroups, "\(id)")
            #expect(fast.entitlements == slow.entitlements, "\(id)")
        }
    }

    @Test("hostile: partners the decoder refuses are each refused with a located problem")
    func neverLooser() {
        let id = #""tenantId": "c0a70500-0000-4000-8000-000000000001", "program": "direct""#
        let subscription = #""subscriptionId": "132d901f-189d-4381-9214-fe68e27e05a1""#
        let broken: [(String, String)] = [
            ("{\(id),}", "a trailing comma"),
            ("{\(id), \"name\": \"tab\there\"}", "a raw control character"),
            ("{\(id), \(id)}", "a duplicate key"),
            ("{\"tenantId\": \"c0a70500-0000-4000-8000-000000000001\"}", "no program"),
            ("{\(id), \"program\": \"distributor\"}", "an unknown program, and program twice"),
            ("{\(id), \"trial\": \"no\"}", "a trial that is not a boolean"),
            ("{\(id), \"submitters\": {\"uids\": [4294967296]}}", "a uid over 32 bits"),
            ("{\(id), \"submitters\": {\"uids\": [-1]}}", "a negative uid"),
            ("{\(id), \"submitters\": {\"uids\": [01]}}", "a uid with a leading zero"),
            ("{\(id), \"submitters\": {\"users\": [1]}}", "an unknown submitters field"),
            ("{\(id), \"submitters\": {\"uids\": [1], \"uids\": [2]}}", "uids twice"),
            ("{\(id), \"entitlements\": [{\"id\": \"c\", \"kind\": \"csp\"}]}", "a csp entitlement"),
            ("{\(id), \"entitlements\": [{\"id\": \"e\", \"kind\": \"premier\"}, {\"id\": \"e\", \"kind\": \"unified\"}]}", "an entitlement id twice"),
            ("{\(id), \"entitlements\": [{\"id\": \"p\", \"kind\": \"azure-support-plan\"}]}", "an Azure plan without a subscription"),
            ("{\(id), \"entitlements\": [{\"id\": \"p\", \"kind\": \"azure-support-plan\", \(subscription), \"products\": [\"azure\", \"ems\"]}]}", "an Azure plan with more products"),
            ("{\(id), \"entitlements\": [{\"id\": \"p\", \"kind\": \"premier\", \(subscription)}]}", "a subscription on a premier"),
            ("{\(id), \"entitlements\": [{\"id\": \"p\", \"kind\": \"premier\", \"validFrom\": \"2027-01-01T00:00:00Z\", \"validUntil\": \"2026-01-01T00:00:00Z\"}]}", "a window that ends before it starts"),
            ("{\(id), \"entitlements\": [{\"id\": \"p\", \"kind\": \"premier\", \"validFrom\": \"2026-13-01T00:00:00Z\"}]}", "a month 13"),
            ("{\(id), \"entitlements\": [{\"id\": \"p\", \"kind\": \"premier\", \"incidents\": -1}]}", "negative incidents"),
            ("{\(id), \"entitlements\": [{\"id\": \"p\", \"kind\": \"premier\", \"incidents\": 1.5}]}", "fractional incidents"),
            ("{\(id), \"entitlements\": [{\"id\": \"p\", \"kind\": \"premier\", \"products\": [\"xbox\"]}]}", "an unknown product"),
            ("{\(id), \"entitlements\": [{\"kind\": \"premier\"}]}", "an entitlement without an id"),
            ("{\(id), \"extra\": 1}", "an unknown field"),
            ("{\(id)", "the end of the input"),
        ]
        for (partner, what) in broken {
            let text = #"{"customers": [], "partners": [\#(partner)"# + (partner.hasSuffix("}") ? "]}" : "")
            guard case .failure(let error) = GateLoader.decodeDirectory(Array(text.utf8), path: "dir.json") else {
                Issue.record("\(what): accepted")
                continue
            }
            #expect(error.problems.first.map { "\($0)".contains("dir.json") } == true, "\(what): \(error)")
        }
    }

    @Test("the customer skimmer knows exactly the decoder's fields, so a field the contract drops cannot stay readable on the fast path")
    func sameFields() {
        #expect(CustomerSkimmer.keys.map(\.description) == DirectoryDecoder.customerFields)
    }

    @Test("hostile: a partner listed twice is refused at its second place")
    func duplicatePartner() {
        let text = Self.document([Self.variants[0], Self.variants[5].replacingOccurrences(of: "000000000006", with: "000000000001")])
        guard case .failure(let error) = GateLoader.decodeDirectory(Array(text.utf8), path: "dir.json") else {
            Issue.record("accepted")
            return
        }
        #expect(error.problems.map(\.key) == ["/partners/1/tenantId"])
    }
}
