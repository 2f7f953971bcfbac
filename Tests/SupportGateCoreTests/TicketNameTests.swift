import BusinessCalendar
import Foundation
import StrictJSON
import SupportGateCore
import Testing

@Suite("SHA-1 (for version-5 UUIDs)")
struct SHA1Tests {
    @Test("FIPS 180 test vectors", arguments: [
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
    ])
    func vectors(_ input: String, _ expected: String) {
        #expect(SHA256.hex(SHA1.hash(Array(input.utf8))) == expected)
    }

    @Test("a million 'a' (FIPS 180), fed in uneven pieces")
    func millionA() {
        var hasher = SHA1()
        var remaining = 1_000_000
        var piece = 1
        while remaining > 0 {
            let count = min(piece, remaining)
            hasher.update([UInt8](repeating: UInt8(ascii: "a"), count: count))
            remaining -= count
            piece = piece * 3 % 997 + 1
        }
        #expect(SHA256.hex(hasher.finalize()) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    /// Lengths around the padding's edges (55/56: the length fits in the block or not);
    /// digests from Python's hashlib.
    @Test("lengths around a block's edge", arguments: [
        (55, "8ae2d46729cfe68ff927af5eec9c7d1b66d65ac2"), (56, "636e2ec698dac903498e648bd2f3af641d3c88cb"),
        (63, "6d942da0c4392b123528f2905c713a3ce28364bd"), (64, "c6138d514ffa2135bfce0ed0b8fac65669917ec7"),
        (65, "69bd728ad6e13cd76ff19751fde427b00e395746"), (119, "41c89d06001bab4ab78736b44efe7ce18ce6ae08"),
        (120, "d3dbd653bd8597b7475321b60a36891278e6a04a"),
    ])
    func blockEdges(_ count: Int, _ expected: String) {
        #expect(SHA256.hex(SHA1.hash((0..<count).map { UInt8($0 % 251) })) == expected)
    }
}

@Suite("Ticket names (contract §2: RFC 9562 v5 of partner and draft id)")
struct TicketNameTests {
    static let contoso = TenantGUID(TestSupport.contoso)!
    static let fabrikam = TenantGUID(TestSupport.fabrikam)!

    @Test("RFC 9562's own version-5 example: namespace DNS, www.example.com")
    func rfcExample() throws {
        let dns = try #require(TicketName.uuidBytes("6ba7b810-9dad-11d1-80b4-00c04fd430c8"))
        #expect(TicketName.uuidV5(namespace: dns, name: Array("www.example.com".utf8)) == "2ed6657d-e927-568b-95e1-2665a8aea6a2")
    }

    @Test("the namespace is the documented one, and the name string is lower-case partner, '/', draft id")
    func documentedDerivation() throws {
        #expect(TicketName.namespace == TicketName.uuidBytes("f0e1c4eb-59ba-4a31-a7aa-d2974464a3de"))
        // Python: uuid.uuid5(uuid.UUID("f0e1c4eb-…"), "c0a70500-0000-4000-8000-000000000001/azure-billing-own")
        #expect(TicketName.of(partner: Self.contoso, draftId: "azure-billing-own") == "afa428a9-bf6f-55c1-998e-b8ca3c0e4642")
        let upper = try #require(TenantGUID(TestSupport.contoso.uppercased()))
        #expect(TicketName.of(partner: upper, draftId: "azure-billing-own") == "afa428a9-bf6f-55c1-998e-b8ca3c0e4642")
    }

    @Test("two partners with the same draft id name two tickets")
    func partnersDiffer() {
        #expect(TicketName.of(partner: Self.contoso, draftId: "case-1") != TicketName.of(partner: Self.fabrikam, draftId: "case-1"))
    }

    @Test("draft ids compare exactly: ids that differ only in case name two tickets")
    func caseMatters() {
        #expect(TicketName.of(partner: Self.contoso, draftId: "Case-1") != TicketName.of(partner: Self.contoso, draftId: "case-1"))
    }

    @Test("lower-case 8-4-4-4-12, version 5, RFC variant")
    func shape() {
        let name = TicketName.of(partner: Self.fabrikam, draftId: "x")
        #expect(name.range(of: "^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", options: .regularExpression) != nil)
    }

    static func ticket(_ result: DecisionResult) -> String? {
        guard let path = result.decision.submission?.path, let range = path.range(of: "/supportTickets/") else { return nil }
        return String(path[range.upperBound...].prefix { $0 != "?" })
    }

    @Test("every decision of one draft names the same ticket: other bytes, another day, another submitter")
    func stableAcrossDecisions() throws {
        let draft = TestSupport.example("azure-billing-own")
        let first = TestSupport.decide(draft)
        let edited = TestSupport.decide(draft.applying([.set("azureTicket/properties/title", "another title")]),
                                        at: try #require(.parseRFC3339("2026-11-25T09:00:00Z")))
        let asGroup = TestSupport.decide(draft, submitter: SubmitterIdentity(uid: 1011, groups: ["contoso-support"]))
        #expect(first.decision.isAccepted && edited.decision.isAccepted && asGroup.decision.isAccepted)
        #expect(first.decisionId != edited.decisionId)
        #expect(Self.ticket(first) == "afa428a9-bf6f-55c1-998e-b8ca3c0e4642")
        #expect(Self.ticket(edited) == Self.ticket(first))
        #expect(Self.ticket(asGroup) == Self.ticket(first))
    }

    @Test("the same draft id for another partner: another ticket in the submission's path")
    func otherPartnerOtherTicket() throws {
        let contoso = TestSupport.decide(TestSupport.example("azure-billing-own"))
        let fabrikam = TestSupport.decide(Self.fabrikamBilling)
        #expect(fabrikam.decision.isAccepted, "\(fabrikam.decision.errors.map(\.message))")
        #expect(fabrikam.draftId == contoso.draftId)
        let name = try #require(Self.ticket(fabrikam))
        #expect(name == TicketName.of(partner: Self.fabrikam, draftId: "azure-billing-own"))
        #expect(name != Self.ticket(contoso))
    }

    @Test("a draft without an id: the name is of the id derived from the file name")
    func derivedId() {
        let result = TestSupport.decide(TestSupport.example("azure-billing-own").applying([.remove("draftId")]))
        #expect(result.draftId == "test")
        #expect(Self.ticket(result) == TicketName.of(partner: Self.contoso, draftId: "test"))
    }

    /// Contoso's own billing request, as Fabrikam's (same draft id, Fabrikam's contact domain).
    static var fabrikamBilling: JSONValue {
        TestSupport.example("azure-billing-own").applying([
            .set("partnerTenantId", TestSupport.fabrikam),
            .set("azureTicket/properties/contactDetails/primaryEmailAddress", "abc@fabrikam-partner.com"),
        ])
    }

    @Test("golden: ticket names of Golden/ticket-names.json (pins the namespace and the name string)")
    func golden() throws {
        let url = TestSupport.goldenFolder.appendingPathComponent("ticket-names.json")
        let golden = try JSONParser.parse([UInt8](Data(contentsOf: url)))
        let rows = try #require(golden.arrayValue)
        #expect(rows.count >= 4)
        for row in rows {
            let object = try #require(row.objectValue)
            let partner = try #require(object["partnerTenantId"]?.stringValue.flatMap(TenantGUID.init))
            let draftId = try #require(object["draftId"]?.stringValue)
            #expect(TicketName.of(partner: partner, draftId: draftId) == object["ticketName"]?.stringValue, "\(row)")
        }
    }
}
