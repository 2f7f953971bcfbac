import BusinessCalendar
import StrictJSON
import SupportGateCore
import SupportGateDirectory

// libFuzzer entry point: every input is a draft. It is parsed strictly and, when it
// parses, decided against a small directory built in code (no files, so the target
// is self-contained); the result is encoded to JSON and parsed back. Any crash,
// hang or leak is a bug. Built with -sanitize=fuzzer (see Scripts/fuzz.sh).

private let partner = TenantGUID("c0a70500-0000-4000-8000-000000000001")!
private let customer = TenantGUID("600d9000-0000-4000-8000-00000000c003")!
private let subscription = TenantGUID("132d901f-189d-4381-9214-fe68e27e05a1")!
private let instant = Timestamp.parseRFC3339("2026-11-24T18:00:00Z")!

private let evaluator: DraftEvaluator = {
    let entitlements = [
        Entitlement(id: "premier", kind: .premier, products: [.azure, .office365], subscriptionId: nil,
                    validFrom: Timestamp.parseRFC3339("2026-01-01T00:00:00Z"), validUntil: Timestamp.parseRFC3339("2027-01-01T00:00:00Z"), incidents: 3),
        Entitlement(id: "plan", kind: .azureSupportPlan, products: [.azure], subscriptionId: subscription,
                    validFrom: nil, validUntil: nil, incidents: nil),
        Entitlement(id: "old", kind: .unified, products: [.azure], subscriptionId: nil,
                    validFrom: nil, validUntil: Timestamp.parseRFC3339("2020-01-01T00:00:00Z"), incidents: 0),
    ]
    let partners = [partner: Partner(tenantId: partner, name: "Contoso", cloud: .public, status: .active, program: .indirectReseller,
                                     trial: true, domains: ["contoso.com"], submitterUIDs: [1001], submitterGroups: ["contoso"],
                                     entitlements: entitlements)]
    let customers = CustomerTable([(tenantId: customer, name: "Woodgrove", cloud: .public, domains: ["woodgrovebank.com"],
                                    relationships: [partner: Relationship(azureAccessGranted: false)])])
    var policy = DecisionPolicy()
    policy.calendars.partnerCalendars[partner] = CalendarSet.builtInLanguages["ja"]
    return DraftEvaluator(engine: DecisionEngine(directory: Directory(partners: partners, customers: customers), policy: policy),
                          configRevision: "sha256:fuzz")
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var history = InMemoryDecisionHistory()
    // The submitter varies with the input, so every identity path is reached without deciding twice.
    let submitters = [SubmitterIdentity(uid: 1001), SubmitterIdentity(uid: 7, groups: ["contoso"]), nil]
    let submitter = submitters[size % submitters.count]
    // Twice: the second evaluation of the same bytes must be a repeat of the first.
    for _ in 0..<2 {
        guard let result = evaluator.evaluate(bytes, fallbackDraftId: "fuzz", submitter: submitter, at: instant, history: &history).result else {
            continue
        }
        let encoded = JSONWriter.compact(result.json)
        guard (try? JSONParser.parse(encoded)) != nil else {
            fatalError("a result did not parse back: \(encoded)")
        }
        precondition(result.decision.isAccepted == result.decision.errors.isEmpty)
        precondition(result.decision.isAccepted || result.decision.submission == nil)
    }
    return 0
}
