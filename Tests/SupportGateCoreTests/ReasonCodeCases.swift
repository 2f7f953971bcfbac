import BusinessCalendar
import StrictJSON
import SupportGateCore

/// One input to the gate: an example draft with edits, or raw bytes.
struct Variant: Sendable {
    var example = "azure-technical-customer"
    var edits: [Edit] = []
    var bytes: [UInt8]?
    var submitter: SubmitterIdentity?
    var at: Timestamp?
    var allowPaidSupport = true

    func decide() -> DecisionResult {
        let evaluator = TestSupport.gate(allowPaidSupport: allowPaidSupport)
        let instant = at ?? TestSupport.instant
        if let bytes {
            return TestSupport.decide(bytes: bytes, submitter: submitter, at: instant, evaluator: evaluator)
        }
        return TestSupport.decide(TestSupport.example(example).applying(edits), submitter: submitter, at: instant, evaluator: evaluator)
    }
}

/// A reason code, an input that triggers it, and the closest input that does not.
struct ReasonCodeCase: Sendable, CustomStringConvertible {
    let code: ReasonCode
    let trigger: Variant
    let nearMiss: Variant
    var description: String { code.rawValue }
}

typealias T = TestSupport

let azureProperties = "azureTicket/properties"

/// Codes decided from the draft's content. The file-level codes (unreadable, too
/// large, duplicate) have their own tests, with real files and a ledger.
let reasonCodeCases: [ReasonCodeCase] = [
    ReasonCodeCase(code: .draftMalformedJSON,
                   trigger: Variant(bytes: Array(#"{"apiVersion":"supportgate/v1","apiVersion":"supportgate/v1"}"#.utf8)),
                   nearMiss: Variant(bytes: Array(#"{"apiVersion":"supportgate/v1"}"#.utf8))),
    ReasonCodeCase(code: .draftUnsupportedVersion,
                   trigger: Variant(edits: [.set("apiVersion", "supportgate/v2")]),
                   nearMiss: Variant(edits: [.set("apiVersion", "supportgate/v1")])),
    ReasonCodeCase(code: .draftSchemaInvalid,
                   trigger: Variant(edits: [.set("categroy", "technical")]),
                   nearMiss: Variant(edits: [.set("cloud", "public")])),
    // One more problem than a result lists; the near miss has exactly as many as it lists.
    ReasonCodeCase(code: .findingsTruncated,
                   trigger: Variant(edits: (0...FindingLimits.maxFindings).map { .set("extra\($0)", "x") }),
                   nearMiss: Variant(edits: (1...FindingLimits.maxFindings).map { .set("extra\($0)", "x") })),
    ReasonCodeCase(code: .submitterNotAuthorized,
                   trigger: Variant(submitter: SubmitterIdentity(uid: 1003, groups: ["fabrikam-support"])),
                   nearMiss: Variant(submitter: SubmitterIdentity(uid: 4242, groups: ["contoso-support"]))),
    ReasonCodeCase(code: .partnerUnknown,
                   trigger: Variant(edits: [.set("partnerTenantId", "c0a70500-0000-4000-8000-000000000099")]),
                   nearMiss: Variant(edits: [.set("partnerTenantId", T.contoso.uppercased())])),
    ReasonCodeCase(code: .partnerSuspended,
                   trigger: Variant(example: "office365-technical-customer", edits: [.set("partnerTenantId", T.adatum), .set("customerTenantId", T.alpine)]),
                   nearMiss: Variant(example: "office365-technical-customer", edits: [.set("partnerTenantId", T.litware), .set("customerTenantId", T.alpine)])),
    ReasonCodeCase(code: .customerUnknown,
                   trigger: Variant(edits: [.set("customerTenantId", "7a115000-0000-4000-8000-00000000c999")]),
                   nearMiss: Variant(edits: [.set("customerTenantId", T.woodgrove)])),
    ReasonCodeCase(code: .noResellerRelationship,
                   trigger: Variant(edits: [.set("customerTenantId", T.wingtip)]),
                   nearMiss: Variant(edits: [.set("customerTenantId", T.tailspin)])),
    ReasonCodeCase(code: .cloudMismatch,
                   trigger: Variant(example: "office365-technical-customer", edits: [.set("cloud", "usgov")]),
                   nearMiss: Variant(example: "office365-technical-customer",
                                     edits: [.set("cloud", "usgov"), .set("partnerTenantId", T.fourthCoffee), .set("customerTenantId", T.proseware)])),
    ReasonCodeCase(code: .wrongSigninContext,
                   trigger: Variant(edits: [.set("via", "azure-portal")]),
                   nearMiss: Variant(example: "azure-technical-own-premier", edits: [.set("via", "azure-portal")])),
    ReasonCodeCase(code: .resourceOutsideSubscription,
                   trigger: Variant(edits: [.set("\(azureProperties)/technicalTicketDetails/resourceId",
                                                 "/subscriptions/00000000-1111-4222-8333-444444444444/resourceGroups/test/providers/Microsoft.Compute/virtualMachines/testserver")]),
                   nearMiss: Variant(edits: [.set("\(azureProperties)/technicalTicketDetails/resourceId",
                                                  "/subscriptions/\(T.subscription.uppercased())/resourceGroups/test/providers/Microsoft.Compute/virtualMachines/testserver")])),
    ReasonCodeCase(code: .phoneNotSupported,
                   trigger: Variant(edits: [.set("channel", "phone")]),
                   nearMiss: Variant(edits: [.set("channel", "web")])),
    ReasonCodeCase(code: .marketplaceNotSupported,
                   trigger: Variant(edits: [.set("product", "marketplace"), .remove("azureTicket")]),
                   nearMiss: Variant(edits: [.set("product", "azure")])),
    ReasonCodeCase(code: .azureAccessNotGranted,
                   trigger: Variant(edits: [.set("partnerTenantId", T.fabrikam), .set("customerTenantId", T.wingtip)]),
                   nearMiss: Variant(edits: [.set("partnerTenantId", T.fabrikam), .set("customerTenantId", T.tailspin)])),
    ReasonCodeCase(code: .supportPlanNotCSP,
                   trigger: Variant(edits: [.set("entitlement", .object(JSONObject([JSONMember(key: "kind", value: .string("premier"))])))]),
                   nearMiss: Variant(edits: [.set("entitlement", .object(JSONObject([JSONMember(key: "kind", value: .string("csp"))])))])),
    ReasonCodeCase(code: .contactNotPartner,
                   trigger: Variant(edits: [.set("\(azureProperties)/contactDetails/primaryEmailAddress", "it-admin@tailspintoys.com")]),
                   nearMiss: Variant(edits: [.set("\(azureProperties)/contactDetails/primaryEmailAddress", "oncall@support.contoso.com")])),
    ReasonCodeCase(code: .ownTenantNotCovered,
                   trigger: Variant(example: "azure-technical-own-premier", edits: [.remove("entitlement")]),
                   nearMiss: Variant(example: "azure-billing-own", edits: [.remove("entitlement")])),
    ReasonCodeCase(code: .entitlementUnknown,
                   trigger: Variant(example: "azure-technical-own-premier", edits: [.set("entitlement/id", "contoso-premier-2027")]),
                   nearMiss: Variant(example: "azure-technical-own-premier", edits: [.set("entitlement/id", "contoso-premier-2026")])),
    ReasonCodeCase(code: .entitlementExpired,
                   trigger: Variant(example: "azure-technical-own-premier", edits: [.set("entitlement/kind", "unified"), .set("entitlement/id", "contoso-unified-2025")]),
                   nearMiss: Variant(example: "azure-technical-own-premier", edits: [.set("entitlement/kind", "unified"), .set("entitlement/id", "contoso-unified-2025")],
                                     at: Timestamp.parseRFC3339("2025-12-31T23:59:59Z"))),
    ReasonCodeCase(code: .entitlementProductMismatch,
                   trigger: Variant(example: "azure-quota-own-support-plan", edits: [.set("azureSubscriptionId", "00000000-1111-4222-8333-444444444444")]),
                   nearMiss: Variant(example: "azure-quota-own-support-plan", edits: [.set("azureSubscriptionId", T.subscription)])),
    ReasonCodeCase(code: .entitlementExhausted,
                   trigger: Variant(example: "azure-technical-own-premier", edits: [.set("entitlement/kind", "mpn-contract"), .set("entitlement/id", "contoso-mpn-benefit")]),
                   nearMiss: Variant(example: "azure-technical-own-premier", edits: [.set("entitlement/kind", "premier"), .remove("entitlement/id")])),
    ReasonCodeCase(code: .severityNotEntitled,
                   trigger: Variant(edits: [.set("\(azureProperties)/severity", "highestcriticalimpact")]),
                   nearMiss: Variant(example: "azure-technical-own-premier", edits: [.set("\(azureProperties)/severity", "highestcriticalimpact")])),
    ReasonCodeCase(code: .azureFeeNotCovered,
                   trigger: Variant(allowPaidSupport: false),
                   nearMiss: Variant(edits: [.set("partnerTenantId", T.northwind),
                                             .set("\(azureProperties)/contactDetails/primaryEmailAddress", "support@northwindcloud.com")],
                                     allowPaidSupport: false)),
    ReasonCodeCase(code: .azureFeeCharged,
                   trigger: Variant(),
                   nearMiss: Variant(edits: [.set("partnerTenantId", T.northwind)])),
    ReasonCodeCase(code: .localLanguageBusinessHours,
                   trigger: Variant(edits: [.set("\(azureProperties)/contactDetails/preferredSupportLanguage", "ja-JP")]),
                   nearMiss: Variant(edits: [.set("\(azureProperties)/contactDetails/preferredSupportLanguage", "en-GB")])),
    ReasonCodeCase(code: .severityARequires24x7,
                   trigger: Variant(edits: [.set("\(azureProperties)/severity", "critical")]),
                   nearMiss: Variant(example: "office365-technical-customer", edits: [.set("serviceRequest/Severity", "critical")])),
    ReasonCodeCase(code: .escalationUnconfirmed,
                   trigger: Variant(edits: [.remove("escalation")]),
                   nearMiss: Variant(edits: [.set("escalation/troubleshooted", .bool(true))])),
    ReasonCodeCase(code: .trialPartner,
                   trigger: Variant(example: "office365-technical-customer", edits: [.set("partnerTenantId", T.litware), .set("customerTenantId", T.alpine)]),
                   nearMiss: Variant(example: "office365-technical-customer")),
]
