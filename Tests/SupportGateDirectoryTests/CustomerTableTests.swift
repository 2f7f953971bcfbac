import Foundation
import StrictJSON
import SupportGateConfig
@testable import SupportGateCore
@testable import SupportGateDirectory
import Testing

@Suite("The directory's compact customers")
struct CustomerTableTests {
    private func decode(_ text: String) -> Result<Directory, ConfigurationError> {
        GateLoader.decodeDirectory(Array(text.utf8), path: "dir.json")
    }

    private func problems(_ text: String) -> [String] {
        guard case .failure(let error) = decode(text) else { return [] }
        return error.problems.map(\.description)
    }

    private static func id(_ text: String) -> TenantGUID {
        TenantGUID(text)!
    }

    private static let partner = #"{"tenantId": "c0a70500-0000-4000-8000-000000000001", "program": "direct"}"#
    private static let other = #"{"tenantId": "b0b00000-0000-4000-8000-000000000002", "program": "indirect-provider"}"#

    private func customer(_ id: String, partner: String = "c0a70500-0000-4000-8000-000000000001", name: String = "Tailspin") -> String {
        #"{"tenantId": "\#(id)", "name": "\#(name)", "cloud": "public", "domains": ["Tailspin.example", "ts.example"], "relationships": [{"partnerTenantId": "\#(partner)", "azureAccessGranted": true}]}"#
    }

    @Test("a customer reads back as written: name, cloud, domains in lower case, each relationship; near miss: an unknown id is nil")
    func readsBack() throws {
        let directory = try decode(#"{"partners": [\#(Self.partner), \#(Self.other)], "customers": [\#(customer("7a115000-0000-4000-8000-00000000c001", name: "Tailspin Toys ✓"))]}"#).get()
        let found = try #require(directory.customers[Self.id("7a115000-0000-4000-8000-00000000c001")])
        #expect(found.name == "Tailspin Toys ✓")
        #expect(found.cloud == .public)
        #expect(found.domains == ["tailspin.example", "ts.example"])
        #expect(found.relationship(with: Self.id("c0a70500-0000-4000-8000-000000000001"))?.azureAccessGranted == true)
        #expect(found.relationship(with: Self.id("b0b00000-0000-4000-8000-000000000002")) == nil)
        #expect(found.ownsDomain("sub.ts.example"))
        #expect(directory.customers[Self.id("7a115000-0000-4000-8000-00000000c002")] == nil)
        #expect(directory.customers.count == 1)
    }

    @Test("customers may come before the partners they name")
    func partnersAfterCustomers() throws {
        let directory = try decode(#"{"customers": [\#(customer("7a115000-0000-4000-8000-00000000c001"))], "partners": [\#(Self.partner)]}"#).get()
        #expect(directory.customers.count == 1 && directory.partners.count == 1)
    }

    @Test("a relationship with a partner not in the directory names its customer's index, also after a customer that failed")
    func danglingPartnerIsLocated() {
        let text = #"{"partners": [\#(Self.partner)], "customers": [{"tenantId": "bad"}, \#(customer("7a115000-0000-4000-8000-00000000c001")), \#(customer("7a115000-0000-4000-8000-00000000c002", partner: "0b0b0000-0000-4000-8000-000000000099"))]}"#
        let found = problems(text)
        #expect(found.contains { $0.hasPrefix("dir.json: /customers/0/tenantId:") })
        #expect(found.contains("dir.json: /customers/2/relationships/0/partnerTenantId: partner 0b0b0000-0000-4000-8000-000000000099 is not in \"partners\""))
        #expect(found.count == 2)
    }

    @Test("a customer listed twice is refused at its second place")
    func duplicateCustomer() {
        let text = #"{"partners": [\#(Self.partner)], "customers": [\#(customer("7a115000-0000-4000-8000-00000000c001")), \#(customer("7a115000-0000-4000-8000-00000000c002")), \#(customer("7A115000-0000-4000-8000-00000000C001"))]}"#
        #expect(problems(text) == ["dir.json: /customers/2/tenantId: customer 7a115000-0000-4000-8000-00000000c001 is listed twice"])
    }

    @Test("hostile: ids crafted so that an unseeded mix of their two words is one value still spread over the index")
    func craftedAgainstTheMix() throws {
        // high = V ^ (low &* K) makes the unseeded first step (high ^ low &* K) the same V for every id.
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var builder = CustomerTableBuilder()
        for index in 0..<20_000 {
            let low = UInt64(index) &* 0x1000_0000_0000_0001
            let added = builder.append(id: TenantGUID(high: 0xDEAD_BEEF ^ (low &* multiplier), low: low), name: "", cloud: .public,
                                       domains: [], relationships: [])
            #expect(added)
        }
        let table = builder.table()
        #expect(table.duplicates.isEmpty)
        #expect(table.longestProbe < 64, "the seed keeps crafted ids apart: \(table.longestProbe) probes")
    }

    @Test("hostile: 20,000 tenant ids crafted to share their low 64 bits are all found, and a missing one is not")
    func craftedCollisions() throws {
        var customers: [String] = []
        for index in 0..<20_000 {
            let high = String(format: "%08x-%04x-4000", index, index & 0xFFFF)
            customers.append(customer("\(high)-8000-000000000001"))
        }
        let directory = try decode(#"{"partners": [\#(Self.partner)], "customers": [\#(customers.joined(separator: ","))]}"#).get()
        #expect(directory.customers.count == 20_000)
        for index in stride(from: 0, to: 20_000, by: 997) {
            let id = Self.id(String(format: "%08x-%04x-4000-8000-000000000001", index, index & 0xFFFF))
            #expect(directory.customers[id]?.tenantId == id)
        }
        #expect(directory.customers[Self.id("ffffffff-ffff-4000-8000-000000000001")] == nil)
    }
}
