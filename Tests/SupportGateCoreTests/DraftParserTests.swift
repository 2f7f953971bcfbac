import StrictJSON
import SupportGateCore
import Testing

/// Rule 1 on content: strict JSON, version, and one located finding per schema problem.
@Suite("Draft parsing")
struct DraftParserTests {
    private func findings(_ draft: JSONValue) -> [Finding] {
        findings(bytes: Array(JSONWriter.compact(draft).utf8))
    }

    private func findings(bytes: [UInt8]) -> [Finding] {
        switch DraftParser.parse(bytes) {
        case .parsed: return []
        case .rejected(_, let findings): return findings
        }
    }

    private let base = TestSupport.example("azure-technical-customer")

    @Test("every schema problem is its own finding with its own pointer")
    func onePerProblem() {
        let draft = base.applying([
            .set("cloud", "azure-china"),
            .set("breakFix", "yes"),
            .remove("partnerTenantId"),
            .set("azureTicket/properties/severity", "urgent"),
            .set("azureTicket/properties/contactDetails/preferredContactMethod", "fax"),
        ])
        let found = findings(draft)
        #expect(found.allSatisfy { $0.code == .draftSchemaInvalid && $0.rule == .readSchema })
        #expect(Set(found.compactMap { $0.field?.description }) == [
            "/cloud", "/breakFix", "/partnerTenantId", "/azureTicket/properties/severity",
            "/azureTicket/properties/contactDetails/preferredContactMethod",
        ])
    }

    @Test("unknown fields are errors, with a did-you-mean hint", arguments: [
        ("customerTenantID", "customerTenantId", "/customerTenantID"),
        ("azureTicket/properties/severty", "severity", "/azureTicket/properties/severty"),
        ("escalation/troubleshot", "troubleshooted", "/escalation/troubleshot"),
    ])
    func unknownField(_ path: String, _ suggestion: String, _ pointer: String) {
        let found = findings(base.applying([.set(path, "x")]))
        let finding = found.first { $0.field?.description == pointer }
        #expect(finding?.message.contains("did you mean \"\(suggestion)\"") == true, "\(found.map(\.message))")
    }

    @Test("read-only Azure properties copied from a response are refused")
    func readOnlyAzure() {
        let found = findings(base.applying([.set("azureTicket/properties/status", "Open")]))
        #expect(found.map { $0.field?.description } == ["/azureTicket/properties/status"])
        #expect(found.first?.message.contains("read-only") == true)
    }

    @Test("duplicate keys are malformed JSON, located")
    func duplicateKeys() {
        let text = "{\n  \"apiVersion\": \"supportgate/v1\",\n  \"product\": \"azure\",\n  \"product\": \"office365\"\n}"
        let found = findings(bytes: Array(text.utf8))
        #expect(found.map(\.code) == [.draftMalformedJSON])
        #expect(found.first?.message.contains("line 4") == true)
        #expect(found.first?.field?.description == "/product")
    }

    @Test("nesting deeper than 64 is malformed; 64 is not", arguments: [64, 65, 10_000])
    func nesting(_ depth: Int) {
        // The draft object itself is level 1.
        let inner = String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1)
        let text = "{\"apiVersion\":\"supportgate/v1\",\"x\":\(inner)}"
        let codes = findings(bytes: Array(text.utf8)).map(\.code)
        if depth <= 64 {
            #expect(!codes.contains(.draftMalformedJSON))
        } else {
            #expect(codes == [.draftMalformedJSON])
        }
    }

    @Test("not an object, empty, and a UTF-8 BOM", arguments: [
        ("[]", ReasonCode.draftMalformedJSON),
        ("", .draftMalformedJSON),
        ("\"supportgate/v1\"", .draftMalformedJSON),
    ])
    func notAnObject(_ text: String, _ code: ReasonCode) {
        #expect(findings(bytes: Array(text.utf8)).map(\.code) == [code])
    }

    @Test("a UTF-8 byte order mark is allowed (PowerShell writes one)")
    func byteOrderMark() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(JSONWriter.compact(base).utf8)
        #expect(findings(bytes: bytes).isEmpty)
    }

    @Test("a wrong or missing version stops before the schema")
    func version() {
        let found = findings(base.applying([.remove("apiVersion"), .set("bogus", "x")]))
        #expect(found.map(\.code) == [.draftUnsupportedVersion])
    }

    @Test("draftId must match [A-Za-z0-9._-]{1,64}", arguments: ["../etc/passwd", "", String(repeating: "a", count: 65), "tick et", "ｔｉｃｋｅｔ"])
    func badDraftId(_ id: String) {
        let found = findings(base.applying([.set("draftId", id)]))
        #expect(found.map { $0.field?.description } == ["/draftId"])
    }

    @Test("an Azure technical request needs a subscription; billing does not")
    func subscriptionRequired() {
        #expect(findings(base.applying([.remove("azureSubscriptionId")])).map { $0.field?.description } == ["/azureSubscriptionId"])
        #expect(findings(base.applying([.remove("azureSubscriptionId"), .set("category", "billing"), .remove("breakFix")])).isEmpty)
    }

    @Test("the payload must match the product")
    func payloadMatchesProduct() {
        let office = base.applying([.set("product", "office365")])
        let fields = findings(office).compactMap { $0.field?.description }
        #expect(fields.contains("/azureTicket"))
        #expect(fields.contains("/serviceRequest"))
    }

    @Test("Partner Center names are case-insensitive; the same name twice is a conflict")
    func partnerCenterCase() {
        let office = TestSupport.example("office365-technical-customer")
        let lower = office.applying([.remove("serviceRequest/Title"), .set("serviceRequest/title", "lower-case title")])
        #expect(findings(lower).isEmpty)
        let both = office.applying([.set("serviceRequest/title", "second title")])
        #expect(findings(both).map { $0.field?.description } == ["/serviceRequest/title"])
        let upper = office.applying([.remove("serviceRequest/Title"), .set("serviceRequest/TITLE", "upper-case title")])
        #expect(findings(upper).isEmpty)
    }

    @Test("case is folded for ASCII letters only, as .NET's OrdinalIgnoreCase does for these names")
    func partnerCenterCaseIsASCII() {
        let office = TestSupport.example("office365-technical-customer")
        // U+212A KELVIN SIGN lower-cases to "k" in Unicode, but .NET does not fold it to "K".
        let lookAlike = office.applying([.set("serviceRequest/FileLin\u{212A}s", .array([]))])
        let found = findings(lookAlike)
        #expect(found.map { $0.field?.description } == ["/serviceRequest/FileLin\u{212A}s"])
        #expect(found.first?.message.contains("did you mean \"FileLinks\"") == true)
    }

    @Test("breakFix only for technical requests")
    func breakFixOnlyTechnical() {
        let found = findings(base.applying([.set("category", "billing"), .set("breakFix", .bool(true))]))
        #expect(found.map { $0.field?.description } == ["/breakFix"])
    }

    @Test("a contact e-mail must be an address")
    func contactAddress() {
        let found = findings(base.applying([.set("azureTicket/properties/contactDetails/primaryEmailAddress", "abc at contoso")]))
        #expect(found.map { $0.field?.description } == ["/azureTicket/properties/contactDetails/primaryEmailAddress"])
    }
}
