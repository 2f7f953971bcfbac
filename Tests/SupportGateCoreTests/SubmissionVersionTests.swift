import StrictJSON
import SupportGateCore
import Testing

/// Each accepted submission names an api-version its body is valid for, and a
/// Partner Center submission is the documented create request.
@Suite("Submissions exact for their API version")
struct SubmissionVersionTests {
    static let consentPointer = "/azureTicket/properties/advancedDiagnosticConsent"
    /// A 2020-04-01 body: no advancedDiagnosticConsent, nothing 2024-04-01 added.
    static let ownTechnical2020 = "azure-technical-2020-own-support-plan"

    static func path(_ result: DecisionResult) -> String? { result.decision.submission?.path }

    /// Contoso's ticket name for a draft id (TicketName).
    static func ticket(_ draftId: String) -> String { TicketName.of(partner: TenantGUID(T.contoso)!, draftId: draftId) }

    static func consentFinding(_ result: DecisionResult) -> Finding? {
        result.decision.errors.first { $0.field?.description == consentPointer }
    }

    @Test("a body without advancedDiagnosticConsent that fits 2020-04-01 is filed with 2020-04-01 at subscription scope")
    func olderBodyTargetsOlderVersion() {
        let result = T.decide(T.example(Self.ownTechnical2020))
        #expect(result.decision.isAccepted, "\(result.decision.errors.map(\.message))")
        #expect(Self.path(result) == "/subscriptions/\(T.subscription)/providers/Microsoft.Support/supportTickets/\(Self.ticket(Self.ownTechnical2020))?api-version=2020-04-01")
    }

    @Test("near miss: the same body with advancedDiagnosticConsent is filed with 2024-04-01", arguments: ["Yes", "No"])
    func consentTargetsNewestVersion(consent: String) {
        let result = T.decide(T.example(Self.ownTechnical2020).applying([.set("\(azureProperties)/advancedDiagnosticConsent", consent)]))
        #expect(result.decision.isAccepted)
        #expect(Self.path(result)?.hasSuffix("?api-version=2024-04-01") == true)
    }

    @Test("a property 2020-04-01 lacks, without the consent 2024-04-01 requires: rejected at the consent, naming the property",
          arguments: [("supportPlanId", JSONValue.string("U291cmNlOlBsYW4=")), ("problemScopingQuestions", .string("{}")),
                      ("fileWorkspaceName", .string("workspace-1")),
                      ("secondaryConsent", .array([.object(JSONObject([JSONMember(key: "userConsent", value: .string("Yes"))]))]))])
    func newerPropertyNeedsConsent(property: String, value: JSONValue) throws {
        let result = T.decide(T.example(Self.ownTechnical2020).applying([.set("\(azureProperties)/\(property)", value)]))
        #expect(result.errorCodes == [.draftSchemaInvalid])
        let finding = try #require(Self.consentFinding(result))
        #expect(finding.message.contains("\"\(property)\""))
        #expect(finding.remedy.contains("\"advancedDiagnosticConsent\": \"Yes\" or \"No\""))
        #expect(result.decision.submission == nil)
    }

    @Test("enrollmentId, read-only in 2020-04-01, without the consent: rejected")
    func readOnlyIn2020NeedsConsent() throws {
        let result = T.decide(T.example(Self.ownTechnical2020).applying([.set("\(azureProperties)/enrollmentId", "E-1")]))
        let finding = try #require(Self.consentFinding(result))
        #expect(finding.message.contains("read-only in api-version 2020-04-01"))
    }

    @Test("a tenant-scope request without the consent is rejected: 2020-04-01 has no tenant-scope create")
    func tenantScopeNeedsConsent() throws {
        let result = T.decide(T.example("azure-billing-own").applying([.remove("\(azureProperties)/advancedDiagnosticConsent"),
                                                                       .remove("\(azureProperties)/supportPlanId"),
                                                                       .remove("\(azureProperties)/fileWorkspaceName")]))
        #expect(result.errorCodes == [.draftSchemaInvalid])
        let finding = try #require(Self.consentFinding(result))
        #expect(finding.message.contains("tenant scope"))
        #expect(finding.rule == .readSchema)
    }

    @Test("near miss: the same tenant-scope request with the consent is filed with 2024-04-01 at tenant scope")
    func tenantScopeWithConsent() {
        let result = T.decide(T.example("azure-billing-own"))
        #expect(result.decision.isAccepted)
        #expect(Self.path(result) == "/providers/Microsoft.Support/supportTickets/\(Self.ticket("azure-billing-own"))?api-version=2024-04-01")
    }

    @Test("a null anywhere in an Azure body is refused where it stands", arguments: [
        "\(azureProperties)/supportPlanId", "\(azureProperties)/contactDetails/phoneNumber",
        "\(azureProperties)/technicalTicketDetails/resourceId",
    ])
    func nullsInAzureBody(path: String) {
        let result = T.decide(T.example("azure-technical-customer").applying([.set(path, JSONValue.null)]))
        #expect(!result.decision.isAccepted)
        #expect(result.decision.errors.contains { $0.field?.description == "/\(path)" && $0.message.contains("null") })
    }

    @Test("a null item in an Azure array is refused")
    func nullItemInAzureBody() {
        let result = T.decide(T.example("azure-technical-customer")
            .applying([.set("\(azureProperties)/contactDetails/additionalEmailAddresses", .array([.string("ops@contoso.com"), .null]))]))
        #expect(result.decision.errors.contains { $0.field?.description == "/\(azureProperties)/contactDetails/additionalEmailAddresses/1" })
    }
}

@Suite("Partner Center submissions are the documented create request")
struct PartnerCenterCreateTests {
    static let request = "serviceRequest"

    static func decide(_ edits: [Edit], example: String = "office365-technical-customer") -> DecisionResult {
        T.decide(T.example(example).applying(edits))
    }

    @Test("customer and own-tenant requests POST to /v1/servicerequests/{agent-locale}")
    func documentedPath() throws {
        let customer = Self.decide([])
        #expect(customer.decision.submission?.path == "/v1/servicerequests/en-US")
        let own = Self.decide([.remove("customerTenantId"), .set("entitlement", .object(JSONObject([JSONMember(key: "kind", value: .string("premier"))])))])
        #expect(own.decision.isAccepted, "\(own.decision.errors.map(\.message))")
        #expect(own.decision.submission?.path == "/v1/servicerequests/en-US")
        let japanese = Self.decide([.set("agentLocale", "ja-JP")])
        #expect(japanese.decision.submission?.path == "/v1/servicerequests/ja-JP")
    }

    @Test("what Partner Center sets on an existing request is refused in a create", arguments: [
        ("Id", JSONValue.string("616122292874576")), ("Status", .string("open")), ("Notes", .array([])),
        ("NewNote", .object(JSONObject([JSONMember(key: "Text", value: .string("hi"))]))),
        ("LastUpdatedBy", .object(JSONObject([JSONMember(key: "LastName", value: .string("Account"))]))),
    ])
    func notForCreate(key: String, value: JSONValue) {
        let result = Self.decide([.set("\(Self.request)/\(key)", value)])
        #expect(result.errorCodes == [.draftSchemaInvalid])
        #expect(result.decision.errors.contains { $0.field?.description == "/serviceRequest/\(key)" })
    }

    @Test("near misses: null, or status none in any case, are a create", arguments: [
        ("Id", JSONValue.null), ("Status", .string("None")), ("Notes", .null), ("NewNote", .null), ("LastUpdatedBy", .null),
    ])
    func createValues(key: String, value: JSONValue) {
        #expect(Self.decide([.set("\(Self.request)/\(key)", value)]).decision.isAccepted)
    }

    @Test("documented types are enforced", arguments: [
        ("SupportTopicId", JSONValue.number(JSONNumber(32444671))), ("SupportTopicName", .bool(true)),
        ("CountryCode", .number(JSONNumber(1))), ("CreatedDate", .object(JSONObject())),
        ("Organization", .string("Contoso")), ("FileLinks", .string("link")),
        ("Attributes", .object(JSONObject([JSONMember(key: "Kind", value: .string("x"))]))),
    ])
    func typesEnforced(key: String, value: JSONValue) {
        let result = Self.decide([.set("\(Self.request)/\(key)", value)])
        #expect(result.errorCodes == [.draftSchemaInvalid], "\(result.decision.errors.map(\.message))")
    }

    @Test("near miss: a documented organization, with its id, name and phone, is accepted")
    func organizationAccepted() {
        let organization = JSONValue.object(JSONObject([
            JSONMember(key: "Id", value: .string(T.woodgrove)), JSONMember(key: "Name", value: .string("Woodgrove Bank")),
            JSONMember(key: "PhoneNumber", value: .string("+1 206 555 0100")),
        ]))
        #expect(Self.decide([.set("\(Self.request)/Organization", organization)]).decision.isAccepted)
    }
}
