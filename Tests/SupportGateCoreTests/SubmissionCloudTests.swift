import StrictJSON
import SupportGateCore
import Testing

/// The gate writes the partner's cloud into each accepted submission (contract §8), so the
/// forwarder picks Microsoft's endpoints without reading the directory.
@Suite("The partner's cloud in the submission")
struct SubmissionCloudTests {
    /// Contoso's own billing request as Fourth Coffee's, a partner in the usgov cloud.
    static var fourthCoffeeBilling: JSONValue {
        TestSupport.example("azure-billing-own").applying([
            .set("partnerTenantId", TestSupport.fourthCoffee),
            .set("cloud", "usgov"),
            .set("azureTicket/properties/contactDetails/primaryEmailAddress", "abc@fourthcoffee-gov.us"),
        ])
    }

    @Test("a usgov partner's accepted Azure request says usgov, in the value and in the result's JSON")
    func usgovPartner() throws {
        let result = TestSupport.decide(Self.fourthCoffeeBilling)
        #expect(result.decision.isAccepted, "\(result.decision.errors.map(\.message))")
        let submission = try #require(result.decision.submission)
        #expect(submission.cloud == .usgov)
        #expect(result.json.objectValue?["submission"]?.objectValue?["cloud"]?.stringValue == "usgov")
    }

    @Test("near miss: a public partner's says public", arguments: ["azure-billing-own", "azure-technical-customer", "office365-technical-customer"])
    func publicPartner(example: String) throws {
        let result = TestSupport.decide(TestSupport.example(example))
        #expect(result.decision.isAccepted)
        #expect(try #require(result.decision.submission).cloud == .public)
    }

    @Test("a rejection carries no submission, so no cloud")
    func rejectionHasNone() {
        let result = TestSupport.decide(Self.fourthCoffeeBilling.applying([.set("cloud", "public")]))
        #expect(result.errorCodes.contains(.cloudMismatch))
        #expect(result.decision.submission == nil)
    }

    @Test("an acceptance adopted from another gate: the rebuilt submission is the one the engine built, cloud and ticket name included")
    func rebuiltMatches() throws {
        for draft in [Self.fourthCoffeeBilling, TestSupport.example("azure-technical-customer"), TestSupport.example("office365-technical-customer")] {
            let bytes = Array(JSONWriter.compact(draft).utf8)
            let decided = try #require(TestSupport.decide(bytes: bytes).decision.submission)
            let rebuilt = try #require(Submission.rebuilt(from: bytes, fallbackDraftId: "test"))
            #expect(rebuilt == decided)
        }
    }
}
