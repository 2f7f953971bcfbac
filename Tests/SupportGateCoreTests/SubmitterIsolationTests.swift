import BusinessCalendar
import Foundation
import StrictJSON
import SupportGateConfig
import SupportGateCore
import Testing

/// What a submitter of one partner learns, or takes, by naming another.
@Suite("Submitter isolation")
struct SubmitterIsolationTests {
    /// uid 1003 files for Fabrikam only.
    static let fabrikamSubmitter = SubmitterIdentity(uid: 1003, groups: [])
    static let contosoSubmitter = SubmitterIdentity(uid: 1001, groups: [])

    private func draft(partner: String, id: String = "probe") -> [UInt8] {
        let text = JSONWriter.compact(TestSupport.example("azure-billing-own").applying([.set("draftId", id)]))
        return Array(text.replacingOccurrences(of: TestSupport.contoso, with: partner).utf8)
    }

    /// The result as the submitter sees it, with what necessarily differs (ids, the tenant it named) blanked.
    private func shape(_ result: DecisionResult, naming partner: String) -> String {
        guard case .object(var object) = result.json else { return "" }
        object.members.removeAll { ["decisionId", "draftSha256", "partnerTenantId"].contains($0.key) }
        return JSONWriter.compact(.object(object)).replacingOccurrences(of: partner, with: "T")
    }

    @Test("unknown, active, suspended and trial partners: a stranger is told the same, only SUBMITTER_NOT_AUTHORIZED")
    func probingLearnsNothing() {
        let targets = ["00000000-0000-4000-8000-0000000000ff", TestSupport.contoso, TestSupport.adatum, TestSupport.litware]
        let results = targets.map { TestSupport.decide(bytes: draft(partner: $0), submitter: Self.fabrikamSubmitter) }
        #expect(Set(zip(results, targets).map { shape($0, naming: $1) }).count == 1)
        for result in results {
            #expect(result.decision.errors.map(\.code) == [.submitterNotAuthorized])
            #expect(result.decision.warnings.isEmpty)
            #expect(result.decision.billing == nil && result.decision.severity == nil)
        }
        // What only the journal is told.
        #expect(results[0].concealed.map(\.code) == [.partnerUnknown])
        #expect(results[2].concealed.map(\.code) == [.submitterNotAuthorized])
        #expect(results[2].concealed.first?.message.contains("Adatum") == true)
        #expect(!String(decoding: Array(JSONWriter.compact(results[2].json).utf8), as: UTF8.self).contains("Adatum"))
    }

    @Test("near miss: the partner's own submitter is told everything (Adatum's uid 1005: PARTNER_SUSPENDED)")
    func ownSubmitterIsToldEverything() {
        let result = TestSupport.decide(bytes: draft(partner: TestSupport.adatum), submitter: SubmitterIdentity(uid: 1005, groups: []))
        #expect(result.decision.errors.map(\.code).contains(.partnerSuspended))
        #expect(result.concealed.isEmpty)
    }

    @Test("near miss: offline check without a submitter still says PARTNER_UNKNOWN")
    func offlineCheckSaysUnknown() {
        let result = TestSupport.decide(bytes: draft(partner: "00000000-0000-4000-8000-0000000000ff"))
        #expect(result.decision.errors.map(\.code).contains(.partnerUnknown))
    }

    @Test("a stranger's draft uses up no id: the partner's own draft with that id, even the same bytes, is decided")
    func strangerTakesNoId() {
        var history = InMemoryDecisionHistory()
        let bytes = draft(partner: TestSupport.contoso, id: "ticket-42")
        let evaluator = TestSupport.exampleGate.evaluator
        let squat = evaluator.evaluate(bytes, fallbackDraftId: "x", submitter: Self.fabrikamSubmitter, at: TestSupport.instant, history: &history)
        #expect(squat.result?.decision.errors.map(\.code) == [.submitterNotAuthorized])
        #expect(squat.result?.draftKey == nil)
        let genuine = evaluator.evaluate(bytes, fallbackDraftId: "x", submitter: Self.contosoSubmitter, at: TestSupport.instant, history: &history)
        guard case .decided(let result) = genuine else {
            Issue.record("the genuine draft was taken for a repeat of the stranger's")
            return
        }
        #expect(result.decision.isAccepted)
    }

    @Test("ids are per partner: the same id under two partners is two drafts")
    func idsArePerPartner() {
        var history = InMemoryDecisionHistory()
        let evaluator = TestSupport.exampleGate.evaluator
        _ = evaluator.evaluate(draft(partner: TestSupport.contoso, id: "shared"), fallbackDraftId: "x", submitter: Self.contosoSubmitter, at: TestSupport.instant, history: &history)
        let other = evaluator.evaluate(draft(partner: TestSupport.fabrikam, id: "shared"), fallbackDraftId: "x", submitter: Self.fabrikamSubmitter, at: TestSupport.instant, history: &history)
        #expect(other.result?.decision.errors.contains { $0.code == .draftDuplicate } == false)
    }

    @Test("a repeat is a repeat only from the same submitter; another submitter of the partner gets DRAFT_DUPLICATE")
    func repeatOnlyFromTheSameSubmitter() {
        var history = InMemoryDecisionHistory()
        let evaluator = TestSupport.exampleGate.evaluator
        let bytes = draft(partner: TestSupport.contoso, id: "team")
        let colleague = SubmitterIdentity(uid: 1011, groups: ["contoso-support"])
        _ = evaluator.evaluate(bytes, fallbackDraftId: "x", submitter: Self.contosoSubmitter, at: TestSupport.instant, history: &history)
        let again = evaluator.evaluate(bytes, fallbackDraftId: "x", submitter: Self.contosoSubmitter, at: TestSupport.instant, history: &history)
        if case .repeated = again {} else { Issue.record("the same submitter's same bytes are not a repeat") }
        let fromColleague = evaluator.evaluate(bytes, fallbackDraftId: "x", submitter: colleague, at: TestSupport.instant, history: &history)
        #expect(fromColleague.result?.decision.errors.map(\.code) == [.draftDuplicate])
        #expect(fromColleague.result?.decision.errors.first?.message.contains("another submitter") == true)
    }
}
