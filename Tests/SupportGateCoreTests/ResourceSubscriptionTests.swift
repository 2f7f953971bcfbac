import StrictJSON
import SupportGateCore
import Testing

/// Rule 3.resource-subscription: every Azure resource id in the ticket lies in the
/// draft's azureSubscriptionId; each one that does not is a RESOURCE_OUTSIDE_SUBSCRIPTION.
@Suite("Resource ids name the draft's subscription")
struct ResourceSubscriptionTests {
    static let resourceIdPath = "\(azureProperties)/technicalTicketDetails/resourceId"
    static let resourceIdPointer = "/\(resourceIdPath)"
    static let requestsPath = "\(azureProperties)/quotaTicketDetails/quotaChangeRequests"
    /// Wingtip's subscription: another customer, another tenant.
    static let otherSubscription = "3149700e-5ab1-4c0d-9e2f-00000000c002"
    static let vm = "resourceGroups/test/providers/Microsoft.Compute/virtualMachines/testserver"

    static func technical(_ resourceId: String, example: String = "azure-technical-customer") -> DecisionResult {
        T.decide(T.example(example).applying([.set(resourceIdPath, resourceId)]))
    }

    static func quota(_ payloads: [String], example: String = "azure-quota-cores-customer") -> DecisionResult {
        let requests = payloads.map { payload in
            JSONValue.object(JSONObject([JSONMember(key: "region", value: .string("EastUS")),
                                         JSONMember(key: "payload", value: .string(payload))]))
        }
        return T.decide(T.example(example).applying([.set(requestsPath, .array(requests))]))
    }

    static func findings(_ result: DecisionResult) -> [Finding] {
        result.decision.errors.filter { $0.code == .resourceOutsideSubscription }
    }

    // MARK: technicalTicketDetails.resourceId

    @Test("hostile: a draft filed under one customer's subscription names another tenant's resource")
    func anotherTenantsResource() throws {
        let result = Self.technical("/subscriptions/\(Self.otherSubscription)/\(Self.vm)")
        #expect(result.errorCodes == [.resourceOutsideSubscription])
        let finding = try #require(Self.findings(result).first)
        #expect(finding.field?.description == Self.resourceIdPointer)
        #expect(finding.rule == .resourceSubscription)
        #expect(finding.rule.rawValue == "3.resource-subscription")
        #expect(finding.message.contains(Self.otherSubscription))
        #expect(finding.message.contains(T.subscription))
        #expect(finding.remedy.contains(T.subscription))
        #expect(result.decision.submission == nil)
        #expect(Finding(.resourceOutsideSubscription, "m", rule: .resourceSubscription, remedy: "r").json.objectValue?["code"]
            == .string("RESOURCE_OUTSIDE_SUBSCRIPTION"))
    }

    @Test("near miss: the draft's own subscription in another letter case is accepted",
          arguments: ["/subscriptions/\(T.subscription.uppercased())/\(vm)", "/SUBSCRIPTIONS/\(T.subscription)/\(vm)",
                      "/Subscriptions/\(T.subscription.uppercased())/\(vm.uppercased())"])
    func sameSubscriptionOtherCase(resourceId: String) {
        let result = Self.technical(resourceId)
        #expect(result.decision.isAccepted, "\(result.decision.errors.map(\.message))")
        #expect(result.decision.submission?.body.objectValue?["properties"]?.objectValue?["technicalTicketDetails"]?
            .objectValue?["resourceId"] == .string(resourceId))
    }

    @Test("the subscription itself, with or without a trailing slash, is accepted",
          arguments: ["/subscriptions/\(T.subscription)", "/subscriptions/\(T.subscription)/"])
    func subscriptionItself(resourceId: String) {
        let result = Self.technical(resourceId)
        #expect(result.decision.isAccepted, "\(result.decision.errors.map(\.message))")
    }

    @Test("prefix tricks: the subscription followed by anything but a slash names no subscription", arguments: [
        "/subscriptions/\(T.subscription)0000/\(vm)", "/subscriptions/\(T.subscription)x", "/subscriptions/\(T.subscription)-0/\(vm)",
        "/subscriptions/\(T.subscription).\(vm)", "/subscriptions/\(T.subscription)%2F\(vm)",
        "/subscriptions/\(T.subscription.dropLast())/\(vm)", "/subscriptions/{\(T.subscription)}/\(vm)",
        "/subscriptions//\(T.subscription)/\(vm)",
    ])
    func prefixTrick(resourceId: String) throws {
        let result = Self.technical(resourceId)
        #expect(result.errorCodes == [.resourceOutsideSubscription])
        let finding = try #require(Self.findings(result).first)
        #expect(finding.field?.description == Self.resourceIdPointer)
        #expect(finding.message.contains("names no subscription"))
        #expect(finding.message.contains(T.subscription))
    }

    @Test("a resource id that does not start with /subscriptions/ is rejected", arguments: [
        "/\(vm)", "subscriptions/\(T.subscription)/\(vm)", " /subscriptions/\(T.subscription)/\(vm)",
        "https://management.azure.com/subscriptions/\(T.subscription)/\(vm)",
        "/providers/Microsoft.Management/managementGroups/contoso", "testserver", "/subscription/\(T.subscription)/\(vm)",
    ])
    func noSubscription(resourceId: String) throws {
        let result = Self.technical(resourceId)
        #expect(result.errorCodes == [.resourceOutsideSubscription])
        let finding = try #require(Self.findings(result).first)
        #expect(finding.field?.description == Self.resourceIdPointer)
        #expect(finding.message.contains("does not start with /subscriptions/<GUID>"))
    }

    @Test("a resource id in a draft that gives no azureSubscriptionId is rejected")
    func noDraftSubscription() throws {
        #expect(T.decide(T.example("azure-billing-own")).decision.isAccepted)
        let result = Self.technical("/subscriptions/\(T.subscription)/\(Self.vm)", example: "azure-billing-own")
        #expect(result.errorCodes == [.resourceOutsideSubscription])
        let finding = try #require(Self.findings(result).first)
        #expect(finding.field?.description == Self.resourceIdPointer)
        #expect(finding.message.contains("is in subscription \(T.subscription)"))
        #expect(finding.message.contains("gives no azureSubscriptionId"))
        #expect(finding.remedy.contains("\"azureSubscriptionId\""))
    }

    @Test("near miss: the same request with azureSubscriptionId set to the resource's subscription is accepted")
    func draftSubscriptionGiven() {
        let result = T.decide(T.example("azure-billing-own").applying([
            .set(Self.resourceIdPath, "/subscriptions/\(T.subscription)/\(Self.vm)"), .set("azureSubscriptionId", T.subscription.uppercased()),
        ]))
        #expect(result.decision.isAccepted, "\(result.decision.errors.map(\.message))")
    }

    @Test("own-tenant requests are held to their subscription too")
    func ownTenant() {
        let own = "azure-technical-own-premier"
        #expect(Self.technical("/subscriptions/\(T.subscription)/\(Self.vm)", example: own).decision.isAccepted)
        #expect(Self.technical("/subscriptions/\(Self.otherSubscription)/\(Self.vm)", example: own).errorCodes == [.resourceOutsideSubscription])
    }

    @Test("the check needs only the draft: it runs for a customer the directory does not know")
    func draftOnly() {
        let result = T.decide(T.example("azure-technical-customer").applying([
            .set("customerTenantId", "7a115000-0000-4000-8000-00000000c999"),
            .set(Self.resourceIdPath, "/subscriptions/\(Self.otherSubscription)/\(Self.vm)"),
        ]))
        #expect(result.errorCodes == [.customerUnknown, .resourceOutsideSubscription])
    }

    // MARK: quota payloads

    @Test("a quota payload naming another subscription is rejected at that payload")
    func quotaOtherSubscription() throws {
        let payload = #"{"SKU":"DSv3 Series","NewLimit":104,"ResourceId":"/subscriptions/\#(Self.otherSubscription)/\#(Self.vm)"}"#
        let result = Self.quota([#"{"SKU":"DSv3 Series","NewLimit":104}"#, payload])
        #expect(result.errorCodes == [.resourceOutsideSubscription])
        let finding = try #require(Self.findings(result).first)
        #expect(finding.field?.description == "/\(Self.requestsPath)/1/payload")
        #expect(finding.message.contains(Self.otherSubscription))
        #expect(finding.message.contains(T.subscription))
        #expect(finding.message.contains("\"/ResourceId\""))
    }

    @Test("near miss: a quota payload naming the draft's subscription, in any case, or none, is accepted", arguments: [
        #"{"SKU":"DSv3 Series","NewLimit":104}"#,
        #"{"SKU":"DSv3 Series","NewLimit":104,"ResourceId":"/subscriptions/\#(T.subscription.uppercased())/\#(vm)"}"#,
        #"{"Scopes":["/subscriptions/\#(T.subscription)","/SUBSCRIPTIONS/\#(T.subscription)/resourceGroups/rg"]}"#,
        #"{"Note":"the VM is at https://portal.azure.com, see the subscription blade"}"#,
        "SKU=DSv3;NewLimit=104",
        "scope=/subscriptions/\(T.subscription)/resourceGroups/rg, limit 104",
    ])
    func quotaSameSubscription(payload: String) {
        let result = Self.quota([payload])
        #expect(result.decision.isAccepted, "\(result.decision.errors.map(\.message))")
    }

    @Test("every mismatch is reported, in order, one finding per offending id")
    func everyMismatch() {
        // In a JSON payload an id is a string that starts with /subscriptions/: "/resourceGroups/rg/c" is not one.
        let payload = #"{"Resources":[{"Id":"/subscriptions/\#(Self.otherSubscription)/a"},{"Id":"/subscriptions/\#(T.subscription)/b"},"# +
            #"{"Id":"/resourceGroups/rg/c"}],"Parent":"/Subscriptions/00000000-1111-4222-8333-444444444444"}"#
        let result = Self.quota([payload, #"{"SKU":"x","Scope":"/subscriptions/\#(Self.otherSubscription)"}"#])
        let findings = Self.findings(result)
        #expect(result.errorCodes == [.resourceOutsideSubscription, .resourceOutsideSubscription, .resourceOutsideSubscription])
        #expect(findings.map { $0.field?.description } == ["/\(Self.requestsPath)/0/payload", "/\(Self.requestsPath)/0/payload",
                                                          "/\(Self.requestsPath)/1/payload"])
        guard findings.count == 3 else { return }
        #expect(findings[0].message.contains("\"/Resources/0/Id\""))
        #expect(findings[1].message.contains("\"/Parent\""))
        #expect(findings[1].message.contains("00000000-1111-4222-8333-444444444444"))
        #expect(findings[2].message.contains("\"/Scope\""))
    }

    @Test("a resourceId and a quota payload in one body are both checked, the resourceId first")
    func technicalAndQuota() {
        let result = T.decide(T.example("azure-quota-cores-customer").applying([
            .set(Self.resourceIdPath, "/subscriptions/\(Self.otherSubscription)/\(Self.vm)"),
            .set(Self.requestsPath, .array([.object(JSONObject([JSONMember(key: "payload", value: .string("/subscriptions/\(Self.otherSubscription)"))]))])),
        ]))
        #expect(Self.findings(result).map { $0.field?.description } == [Self.resourceIdPointer, "/\(Self.requestsPath)/0/payload"])
    }

    @Test("a JSON payload cannot hide an id behind escapes", arguments: [
        #"{"Id":"\/subscriptions\/\#(otherSubscription)\/\#(vm)"}"#,
        #"{"Id":"\u002fsubscriptions/\#(otherSubscription)"}"#,
        #""/subscriptions/\#(otherSubscription)""#,
        #"[["/subscriptions/\#(otherSubscription)/x"]]"#,
    ])
    func escapedInJSON(payload: String) {
        #expect(Self.quota([payload]).errorCodes == [.resourceOutsideSubscription])
    }

    @Test("a payload that is not JSON is scanned as text: each distinct id once", arguments: [
        ("scope=/subscriptions/\(otherSubscription)/\(vm); limit=104", 1),
        ("/subscriptions/\(otherSubscription), /SUBSCRIPTIONS/\(otherSubscription)/x and /subscriptions/\(otherSubscription) again", 2),
        (#"{"Id":"/subscriptions/\#(otherSubscription)","Id":"/subscriptions/\#(T.subscription)"}"#, 1),
        ("scope '/subscriptions/\(T.subscription)x'", 1),
        ("scope=/subscriptions/\(T.subscription)/rg|/subscriptions/\(otherSubscription)", 1),
    ])
    func textPayload(payload: String, count: Int) throws {
        let result = Self.quota([payload])
        #expect(result.errorCodes == Array(repeating: .resourceOutsideSubscription, count: count))
        #expect(Self.findings(result).allSatisfy { $0.field?.description == "/\(Self.requestsPath)/0/payload" })
    }

    @Test("a quota payload with an id, in a draft without azureSubscriptionId, is rejected")
    func quotaWithoutDraftSubscription() {
        let result = T.decide(T.example("azure-billing-own").applying([
            .set(Self.requestsPath, .array([.object(JSONObject([JSONMember(key: "payload", value: .string(#"{"Id":"/subscriptions/\#(T.subscription)"}"#))]))])),
        ]))
        #expect(result.errorCodes == [.resourceOutsideSubscription])
    }

    // MARK: what the parser records

    @Test("the parser records each id with its pointer, and what it names")
    func parserRecords() throws {
        let draft = T.example("azure-quota-cores-customer").applying([
            .set(Self.resourceIdPath, "/subscriptions/\(T.subscription.uppercased())/\(Self.vm)"),
            .set(Self.requestsPath, .array([.object(JSONObject([JSONMember(key: "payload", value: .string(#"{"A":{"B":["/subscriptions/\#(Self.otherSubscription)x"]}}"#))]))])),
        ])
        guard case .parsed(let parsed) = DraftParser.parse(Array(JSONWriter.compact(draft).utf8)) else {
            Issue.record("the draft does not parse")
            return
        }
        let ids = try #require(parsed.payload?.resourceIds)
        #expect(ids.map(\.field.description) == [Self.resourceIdPointer, "/\(Self.requestsPath)/0/payload"])
        #expect(ids.map { $0.payloadPointer?.description } == [nil, "/A/B/0"])
        #expect(ids[0].subscription?.description == T.subscription)
        #expect(ids[1].subscription == nil)
        #expect(ids[1].subscriptionSegment == "\(Self.otherSubscription)x")
    }

    @Test("the subscription an id names", arguments: [
        ("/subscriptions/\(T.subscription)", T.subscription as String?),
        ("/subscriptions/\(T.subscription)/", T.subscription),
        ("/sUbScRiPtIoNs/\(T.subscription.uppercased())/resourceGroups/rg", T.subscription),
        ("/subscriptions/\(T.subscription)x", nil),
        ("/subscriptions/\(T.subscription)\\", nil),
        ("/subscriptions/", nil),
        ("/subscriptions", nil),
        // Only ASCII letters fold: U+017F (long s) upper-cases to "S", but is not one.
        ("/\u{017F}ubscriptions/\(T.subscription)", nil),
    ])
    func namedSubscription(id: String, expected: String?) {
        let reference = ResourceReferenceProbe.make(id)
        #expect(reference?.subscription?.description == expected)
    }
}

/// A ResourceReference as the parser makes it, for an id on its own.
enum ResourceReferenceProbe {
    static func make(_ id: String) -> ResourceReference? {
        let draft = T.example("azure-technical-customer").applying([.set(ResourceSubscriptionTests.resourceIdPath, id)])
        guard case .parsed(let parsed) = DraftParser.parse(Array(JSONWriter.compact(draft).utf8)) else { return nil }
        return parsed.payload?.resourceIds.first
    }
}
