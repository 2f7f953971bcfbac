import SupportGateConfig
import Testing

/// The directory's problems, located: a syntax error by line and column, every contract problem by JSON Pointer.
@Suite("Tenant directory")
struct DirectoryTests {
    private func problems(_ text: String) -> [String] {
        switch GateLoader.decodeDirectory(Array(text.utf8), path: "dir.json") {
        case .success: return []
        case .failure(let error): return error.problems.map(\.description)
        }
    }

    @Test("syntax errors carry line and column")
    func syntax() {
        #expect(problems("{\n  \"partners\": [,]\n}") .first?.hasPrefix("dir.json:2:") == true)
    }

    @Test("semantic errors carry the JSON Pointer, all of them at once")
    func semantic() {
        let text = """
            {"partners": [
              {"tenantId": "not-a-guid", "program": "direct"},
              {"tenantId": "c0a70500-0000-4000-8000-000000000001", "program": "indirect", "statuss": "active",
               "entitlements": [{"id": "e", "kind": "azure-support-plan", "products": ["azure"]}]}
            ],
             "customers": [{"tenantId": "7a115000-0000-4000-8000-00000000c001",
               "relationships": [{"partnerTenantId": "b0b00000-0000-4000-8000-000000000002"}]}]}
            """
        let found = problems(text)
        #expect(found.contains { $0.hasPrefix("dir.json: /partners/0/tenantId:") })
        #expect(found.contains { $0.hasPrefix("dir.json: /partners/1/program:") && $0.contains("did you mean") })
        #expect(found.contains { $0.hasPrefix("dir.json: /partners/1/statuss:") && $0.contains("did you mean \"status\"") })
        #expect(found.contains { $0.hasPrefix("dir.json: /partners/1/entitlements/0/subscriptionId:") })
        #expect(found.contains { $0.hasPrefix("dir.json: /customers/0/relationships/0/partnerTenantId:") })
    }

    @Test("a tenant listed twice is refused")
    func duplicates() {
        let partner = #"{"tenantId": "c0a70500-0000-4000-8000-000000000001", "program": "direct"}"#
        #expect(problems("{\"partners\": [\(partner), \(partner)], \"customers\": []}") == [
            "dir.json: /partners/1/tenantId: partner c0a70500-0000-4000-8000-000000000001 is listed twice",
        ])
    }
}
