import Foundation
import StrictJSON
import SupportGateConfig
@testable import SupportGateCore
@testable import SupportGateDirectory
import Testing

/// The skimmer reads customers of the common shape straight from their bytes; whatever it
/// reads must be what the parser and the decoder would make of the same bytes, and whatever
/// it cannot read is theirs to accept or refuse.
@Suite("Customers read straight from their bytes")
struct CustomerSkimmerTests {
    static let partner = #"{"tenantId": "c0a70500-0000-4000-8000-000000000001", "program": "direct"}"#
    static let other = #"{"tenantId": "b0b00000-0000-4000-8000-000000000002", "program": "direct"}"#

    /// Customers the skimmer reads, and customers it leaves to the parser (escapes, non-ASCII,
    /// nulls, upper-case GUIDs it does read): each decodes the same both ways.
    static let variants: [String] = [
        #"{"tenantId": "7a115000-0000-4000-8000-00000000c001", "name": "Tailspin", "cloud": "public", "domains": ["Tailspin.EXAMPLE"], "relationships": [{"partnerTenantId": "c0a70500-0000-4000-8000-000000000001", "azureAccessGranted": true}]}"#,
        "{\n\t\"relationships\" : [ ] ,\r\n \"domains\":[],\"tenantId\":\"7A115000-0000-4000-8000-00000000C002\" }",
        #"{"tenantId": "7a115000-0000-4000-8000-00000000c003"}"#,
        #"{"tenantId": "7a115000-0000-4000-8000-00000000c004", "cloud": "usgov", "relationships": [{"azureAccessGranted": false, "partnerTenantId": "b0b00000-0000-4000-8000-000000000002"}, {"partnerTenantId": "c0a70500-0000-4000-8000-000000000001"}]}"#,
        #"{"tenantId": "7a115000-0000-4000-8000-00000000c005", "name": "Grüße GmbH", "domains": ["grüße.example"]}"#,
        #"{"tenantId": "7a115000-0000-4000-8000-00000000c006", "name": "Quote \"and\" slash \\ \u00e9"}"#,
        #"{"tenantId": "7a115000-0000-4000-8000-00000000c007", "name": null, "cloud": null, "domains": null, "relationships": null}"#,
        #"{"name": "", "tenantId": "7a115000-0000-4000-8000-00000000c008", "domains": ["a.example", "B.example", "c.example"]}"#,
    ]

    private func document(_ customers: [String]) -> String {
        #"{"partners": [\#(Self.partner), \#(Self.other)], "customers": [\#(customers.joined(separator: ",\n"))]}"#
    }

    @Test("every variant decodes to the same customer as the parse tree and the decoder make of it")
    func sameAsTheDecoder() throws {
        let text = document(Self.variants)
        let streamed = try GateLoader.decodeDirectory(Array(text.utf8), path: "dir.json").get()
        let whole = try DirectoryDecoder.decode(JSONParser.parse(text)).get()
        #expect(streamed.customers.count == Self.variants.count)
        for (fast, slow) in zip(streamed.customers.all, whole.customers.all) {
            #expect(fast.tenantId == slow.tenantId)
            #expect(fast.name == slow.name, "\(fast.tenantId)")
            #expect(fast.cloud == slow.cloud)
            #expect(fast.domains == slow.domains, "\(fast.tenantId)")
            #expect(fast.relationships == slow.relationships, "\(fast.tenantId)")
        }
        #expect(streamed.customers.all.first?.domains == ["tailspin.example"])
    }

    @Test("the common shape is read from its bytes; escapes, non-ASCII text and nulls are left to the parser")
    func readsTheCommonShape() {
        let skimmed = Self.variants.map { variant in
            var table = CustomerTableBuilder()
            let bytes = Array(variant.utf8)
            return bytes.withUnsafeBytes { CustomerSkimmer.skim($0, into: &table) == bytes.count }
        }
        #expect(skimmed == [true, true, true, true, false, false, false, true])
    }

    @Test("hostile: bytes that are not a valid customer are never read past the parser; each is refused with a located problem")
    func neverLooser() {
        let id = #""tenantId": "7a115000-0000-4000-8000-00000000c001""#
        let broken: [(String, String)] = [
            ("{\(id),}", "a trailing comma"),
            (#"{"tenantId" "7a115000-0000-4000-8000-00000000c001"}"#, "a missing colon"),
            ("{\(id), \"name\": \"tab\there\"}", "a raw control character"),
            ("{\(id), \"name\": \"bad \\q escape\"}", "an invalid escape"),
            ("{\(id), \(id)}", "a duplicate key"),
            ("{\(id), \"relationships\": [{\"partnerTenantId\": \"c0a70500-0000-4000-8000-000000000001\", \"azureAccessGranted\": truex}]}", "a bad literal"),
            ("{\(id), \"relationships\": [{\"partnerTenantId\": \"c0a70500-0000-4000-8000-000000000001\", \"partnerTenantId\": \"c0a70500-0000-4000-8000-000000000001\"}]}", "a duplicate relationship key"),
            ("{\(id), \"relationships\": [{\"partnerTenantId\": \"c0a70500-0000-4000-8000-000000000001\"}, {\"partnerTenantId\": \"c0a70500-0000-4000-8000-000000000001\"}]}", "a partner twice"),
            ("{\(id), \"cloud\": \"mars\"}", "an unknown cloud"),
            ("{\"tenantId\": \"7a115000-0000-4000-8000-00000000c0\"}", "a short GUID"),
            ("{\(id), \"domains\": [\"a.example\",]}", "a trailing comma in a list"),
            ("{\(id), \"extra\": 1}", "an unknown field"),
            ("{}", "no tenant id"),
            ("{\(id)", "the end of the input"),
        ]
        for (customer, what) in broken {
            let text = #"{"partners": [\#(Self.partner)], "customers": [\#(customer)"# + (customer.hasSuffix("}") ? "]}" : "")
            guard case .failure(let error) = GateLoader.decodeDirectory(Array(text.utf8), path: "dir.json") else {
                Issue.record("\(what): accepted")
                continue
            }
            #expect(error.problems.first.map { "\($0)".contains("dir.json") } == true, "\(what): \(error)")
        }
    }
}
