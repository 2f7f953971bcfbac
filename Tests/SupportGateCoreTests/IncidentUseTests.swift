import BusinessCalendar
import StrictJSON
import SupportGateConfig
import SupportGateCore
import Testing

/// Which acceptances use an incident, and allowances counted against what is in use.
@Suite("Incident use")
struct IncidentUseTests {
    /// Fixed counts per entitlement id, as a ledger would report them.
    struct FixedUsage: IncidentUsage {
        let counts: [String: Int]
        func inUse(partner: TenantGUID, entitlementId: String) -> Int { counts[entitlementId] ?? 0 }
    }

    private func decide(_ example: String, inUse counts: [String: Int] = [:], edits: [Edit] = []) -> Decision {
        var engine = TestSupport.exampleGate.evaluator.engine
        engine.usage = FixedUsage(counts: counts)
        let evaluator = DraftEvaluator(engine: engine, configRevision: "test")
        let draft = TestSupport.example(example).applying(edits)
        return TestSupport.decide(draft, evaluator: evaluator).decision
    }

    @Test("an own-tenant technical request under Premier uses one incident of it: 20 allowed, 5 in use, 14 left after")
    func ownTechnicalUsesAnIncident() {
        let decision = decide("azure-technical-own-premier", inUse: ["contoso-premier-2026": 5])
        #expect(decision.isAccepted)
        #expect(decision.incident == IncidentUse(entitlementId: "contoso-premier-2026", leftAfter: 14))
    }

    @Test("the allowance used up: ENTITLEMENT_EXHAUSTED, saying how many are in use")
    func exhaustedByUse() {
        let decision = decide("azure-technical-own-premier", inUse: ["contoso-premier-2026": 20])
        #expect(decision.errors.map(\.code) == [.entitlementExhausted])
        #expect(decision.errors.first?.message.contains("20 of 20 in use") == true)
        #expect(decision.incident == nil)
    }

    @Test("near miss: one incident left is enough, and none is left after")
    func lastIncident() {
        let decision = decide("azure-technical-own-premier", inUse: ["contoso-premier-2026": 19])
        #expect(decision.isAccepted)
        #expect(decision.incident?.leftAfter == 0)
    }

    @Test("an unlimited entitlement is used, with nothing counted down")
    func unlimited() {
        let decision = decide("azure-technical-2020-own-support-plan", inUse: ["contoso-azure-standard-prod": 1_000_000])
        #expect(decision.isAccepted)
        #expect(decision.incident == IncidentUse(entitlementId: "contoso-azure-standard-prod", leftAfter: nil))
    }

    @Test("no incident: billing (free), quota under a plan, CSP-covered customer requests, partner-pays", arguments: [
        "azure-billing-own", "azure-billing-customer", "azure-subscription-management-own", "azure-quota-own-support-plan",
        "office365-technical-customer", "azure-technical-customer",
    ])
    func usesNone(_ example: String) {
        let decision = decide(example)
        #expect(decision.isAccepted, "\(example): \(decision.errors.map(\.code))")
        #expect(decision.incident == nil, "\(example)")
    }

    @Test("a request that uses no incident still needs an entitlement with incidents left (rule 8)")
    func quotaNeedsIncidentsLeftButUsesNone() {
        let decision = decide("azure-technical-own-premier", inUse: ["contoso-premier-2026": 20],
                              edits: [.set("category", "quota")])
        #expect(decision.errors.map(\.code).contains(.entitlementExhausted))
    }

    @Test("a rejected draft uses no incident")
    func rejectedUsesNone() {
        let decision = decide("azure-own-tenant-csp")
        #expect(!decision.isAccepted && decision.incident == nil)
    }
}
