import StrictJSON
import SupportGateCore
import Testing

@Suite("Every reason code: a draft that triggers it, and a near miss that does not")
struct ReasonCodeTests {
    @Test("trigger", arguments: reasonCodeCases)
    func trigger(_ testCase: ReasonCodeCase) {
        let result = testCase.trigger.decide()
        #expect(result.allCodes.contains(testCase.code), "got \(result.allCodes)")
        #expect(result.decision.isAccepted == testCase.code.isWarning || result.allCodes.contains { !$0.isWarning && $0 != testCase.code },
                "an error code must reject, a warning alone must not")
        let finding = (result.decision.errors + result.decision.warnings).first { $0.code == testCase.code }
        #expect(finding.map { !$0.message.isEmpty && !$0.remedy.isEmpty } == true)
    }

    @Test("near miss", arguments: reasonCodeCases)
    func nearMiss(_ testCase: ReasonCodeCase) {
        let result = testCase.nearMiss.decide()
        #expect(!result.allCodes.contains(testCase.code), "got \(result.allCodes)")
    }

    @Test("the table covers every code decided from content")
    func coverage() {
        let fileLevel: Set<ReasonCode> = [.draftUnreadable, .draftTooLarge, .draftDuplicate, .submitterQueueFull, .draftPoison]
        let covered = Set(reasonCodeCases.map(\.code))
        #expect(covered.union(fileLevel) == Set(ReasonCode.allCases))
    }

    @Test("findings carry the rule, a pointer where one field is at fault, and come in a stable order")
    func stableOrder() {
        let variant = Variant(edits: [.set("channel", "phone"), .set("via", "azure-portal"), .set("cloud", "usgov"),
                                      .set("\(azureProperties)/contactDetails/primaryEmailAddress", "x@tailspintoys.com")])
        let first = variant.decide()
        let second = variant.decide()
        #expect(first.errorCodes == second.errorCodes)
        #expect(first.errorCodes == [.cloudMismatch, .cloudMismatch, .wrongSigninContext, .phoneNotSupported, .contactNotPartner])
        #expect(first.decision.errors.map { $0.field?.description } == ["/cloud", "/cloud", "/via", "/channel", "/azureTicket/properties/contactDetails/primaryEmailAddress"])
    }

    @Test("a submitter of another partner learns nothing about that partner's customers")
    func submitterIsolation() {
        let result = Variant(edits: [.set("customerTenantId", T.wingtip)],
                             submitter: SubmitterIdentity(uid: 1003, groups: [])).decide()
        #expect(result.errorCodes == [.submitterNotAuthorized])
        #expect(result.decision.billing == nil)
    }

    @Test("a customer's Office 365 request may claim one of the partner's own entitlements; it is then checked")
    func customerClaimsOwnEntitlement() {
        let premier = Variant(example: "office365-technical-customer",
                              edits: [.set("entitlement", .object(JSONObject([JSONMember(key: "kind", value: .string("premier"))])))]).decide()
        #expect(premier.decision.isAccepted)
        #expect(premier.decision.billing?.coveredBy == .premier)
        let unknown = Variant(example: "office365-technical-customer",
                              edits: [.set("entitlement", .object(JSONObject([JSONMember(key: "kind", value: .string("premier")),
                                                                               JSONMember(key: "id", value: .string("nope"))])))]).decide()
        #expect(unknown.errorCodes == [.entitlementUnknown])
    }
}
