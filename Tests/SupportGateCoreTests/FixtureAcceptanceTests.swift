import Foundation
import StrictJSON
import SupportGateCore
import Testing

/// Every real Azure Support API create body in Tests/Fixtures, as it is,
/// inside a valid envelope: accepted, with the submission path the API takes and
/// the api-version the body is valid for. One exception to "as it is": a resource id
/// with a placeholder ("subid") where its subscription belongs names no subscription,
/// so it gets the draft's subscription (as it is, it is rejected: placeholderRejected).
@Suite("Real Azure Support API examples are accepted as-is")
struct FixtureAcceptanceTests {
    struct FixtureCase: Sendable, CustomStringConvertible {
        let file: String
        let category: String
        /// True when the partner files for a customer, false for its own tenant.
        let forCustomer: Bool
        let expectedScope: Scope
        var expectedVersion = "2024-04-01"
        /// What the body's resource ids have where the subscription belongs, when it is a
        /// placeholder rather than a GUID: it becomes the draft's subscription
        /// (rule 3.resource-subscription rejects the body as it is).
        var placeholderSubscription: String?
        var description: String { file }

        enum Scope: Sendable { case subscription, tenant }
    }

    static let cases: [FixtureCase] = [
        FixtureCase(file: "2024-04-01/CreateTechnicalSupportTicketForSubscription.json", category: "technical", forCustomer: true, expectedScope: .subscription),
        FixtureCase(file: "2024-04-01/CreateTechnicalSupportTicket.json", category: "technical", forCustomer: false, expectedScope: .subscription),
        FixtureCase(file: "2024-04-01/CreateBillingSupportTicketForSubscription.json", category: "billing", forCustomer: true, expectedScope: .tenant),
        FixtureCase(file: "2024-04-01/CreateBillingSupportTicket.json", category: "billing", forCustomer: false, expectedScope: .tenant),
        FixtureCase(file: "2024-04-01/CreateSubMgmtSupportTicketForSubscription.json", category: "subscription-management", forCustomer: true, expectedScope: .tenant),
        FixtureCase(file: "2024-04-01/CreateSubMgmtSupportTicket.json", category: "subscription-management", forCustomer: false, expectedScope: .tenant),
        FixtureCase(file: "2024-04-01/CreateCoresQuotaTicketForSubscription.json", category: "quota", forCustomer: true, expectedScope: .subscription),
        FixtureCase(file: "2024-04-01/CreateGenericQuotaTicket.json", category: "quota", forCustomer: false, expectedScope: .subscription),
        // No advancedDiagnosticConsent, which 2024-04-01 requires: filed with the version it was written for.
        FixtureCase(file: "2020-04-01/CreateTechnicalSupportTicketForSubscription.json", category: "technical", forCustomer: true,
                    expectedScope: .subscription, expectedVersion: "2020-04-01", placeholderSubscription: "subid"),
    ]

    /// The body with "/subscriptions/PLACEHOLDER/" in its resource ids made "/subscriptions/<the draft's subscription>/".
    static func inDraftSubscription(_ body: JSONValue, placeholder: String?) throws -> JSONValue {
        guard let placeholder else { return body }
        let text = JSONWriter.compact(body).replacingOccurrences(of: "\"/subscriptions/\(placeholder)/", with: "\"/subscriptions/\(TestSupport.subscription)/")
        return try JSONParser.parse(text)
    }

    static func envelope(_ fixture: FixtureCase, body: JSONValue) -> JSONValue {
        var envelope = JSONObject()
        envelope["apiVersion"] = .string("supportgate/v1")
        envelope["draftId"] = .string("fixture-ticket-1")
        envelope["partnerTenantId"] = .string(TestSupport.contoso)
        if fixture.forCustomer {
            envelope["customerTenantId"] = .string(TestSupport.woodgrove)
        } else if fixture.category == "technical" || fixture.category == "quota" {
            envelope["entitlement"] = .object(JSONObject([JSONMember(key: "kind", value: .string("premier"))]))
        }
        envelope["product"] = .string("azure")
        envelope["category"] = .string(fixture.category)
        envelope["azureSubscriptionId"] = .string(TestSupport.subscription)
        envelope["escalation"] = .object(JSONObject([JSONMember(key: "troubleshooted", value: .bool(true))]))
        envelope["azureTicket"] = body
        return .object(envelope)
    }

    @Test("the cases cover every create example in the fixtures folder")
    func coversEveryFixture() throws {
        let root = TestSupport.fixturesFolder.appendingPathComponent("azure-support-api")
        var found: [String] = []
        for version in ["2020-04-01", "2024-04-01"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(version).path)
            found += names.filter { $0.hasPrefix("Create") && $0.hasSuffix(".json") }.map { "\(version)/\($0)" }
        }
        #expect(Set(found) == Set(Self.cases.map(\.file)))
    }

    @Test("accepted with the right path and the body unchanged", arguments: cases)
    func accepted(_ fixture: FixtureCase) throws {
        let example = try TestSupport.fixture("azure-support-api/\(fixture.file)")
        let original = try #require(example.objectValue?["parameters"]?.objectValue?["createSupportTicketParameters"])
        let body = try Self.inDraftSubscription(original, placeholder: fixture.placeholderSubscription)
        #expect((body == original) == (fixture.placeholderSubscription == nil))

        let result = TestSupport.decide(Self.envelope(fixture, body: body))
        #expect(result.decision.errors.isEmpty, "\(result.decision.errors.map(\.message))")
        let submission = try #require(result.decision.submission)
        let name = TicketName.of(partner: try #require(TenantGUID(TestSupport.contoso)), draftId: "fixture-ticket-1")
        let ticketPath = "providers/Microsoft.Support/supportTickets/\(name)?api-version=\(fixture.expectedVersion)"
        switch fixture.expectedScope {
        case .subscription: #expect(submission.path == "/subscriptions/\(TestSupport.subscription)/\(ticketPath)")
        case .tenant: #expect(submission.path == "/\(ticketPath)")
        }
        #expect(submission.method == "PUT")
        #expect(submission.target == .azureSupportAPI)
        #expect(submission.body == body)
        #expect(JSONWriter.compact(submission.body) == JSONWriter.compact(body))
    }

    @Test("a body whose resource id names a placeholder, not a subscription, is rejected as it is: only for that",
          arguments: cases.filter { $0.placeholderSubscription != nil })
    func placeholderRejected(_ fixture: FixtureCase) throws {
        let example = try TestSupport.fixture("azure-support-api/\(fixture.file)")
        let body = try #require(example.objectValue?["parameters"]?.objectValue?["createSupportTicketParameters"])
        let result = TestSupport.decide(Self.envelope(fixture, body: body))
        #expect(result.errorCodes == [.resourceOutsideSubscription])
        #expect(result.decision.errors.first?.field?.description == "/azureTicket/properties/technicalTicketDetails/resourceId")
        #expect(result.decision.errors.first?.message.contains("\"\(fixture.placeholderSubscription ?? "")\"") == true)
    }

    @Test("the real Partner Center create request is accepted for a customer, sent to the documented create; the update body is not a create")
    func partnerCenter() throws {
        let create = try TestSupport.fixture("partner-center/create-a-service-request-.request.json")
        let accepted = TestSupport.decide(TestSupport.example("office365-technical-customer").applying([.set("serviceRequest", create)]))
        #expect(accepted.decision.isAccepted, "\(accepted.decision.errors.map(\.message))")
        #expect(accepted.decision.severity == .a)
        #expect(accepted.decision.submission?.path == "/v1/servicerequests/en-US")
        #expect(accepted.decision.submission?.method == "POST")
        #expect(accepted.decision.submission?.body == create)

        let update = try TestSupport.fixture("partner-center/update-a-service-request.request.json")
        let rejected = TestSupport.decide(TestSupport.example("office365-technical-customer").applying([.set("serviceRequest", update)]))
        #expect(rejected.errorCodes.allSatisfy { $0 == .draftSchemaInvalid })
        let fields = Set(rejected.decision.errors.compactMap { $0.field?.description })
        #expect(fields.isSuperset(of: ["/serviceRequest/Title", "/serviceRequest/Description", "/serviceRequest/Severity", "/serviceRequest/SupportTopicId"]))
    }

    @Test("Config/examples embed the fixtures unchanged, but for a placeholder subscription")
    func examplesEmbedFixtures() throws {
        let pairs: [(String, String, String?)] = [
            ("azure-technical-customer", "2024-04-01/CreateTechnicalSupportTicketForSubscription.json", nil),
            ("azure-quota-own-support-plan", "2024-04-01/CreateGenericQuotaTicket.json", nil),
            ("azure-technical-2020-own-support-plan", "2020-04-01/CreateTechnicalSupportTicketForSubscription.json", "subid"),
        ]
        for (example, fixture, placeholder) in pairs {
            let body = try #require(TestSupport.fixture("azure-support-api/\(fixture)").objectValue?["parameters"]?.objectValue?["createSupportTicketParameters"])
            #expect(TestSupport.example(example).objectValue?["azureTicket"] == (try Self.inDraftSubscription(body, placeholder: placeholder)))
        }
        let create = try TestSupport.fixture("partner-center/create-a-service-request-.request.json")
        #expect(TestSupport.example("office365-technical-customer").objectValue?["serviceRequest"] == create)
    }
}
