import BusinessCalendar
import SupportGateCore

/// Decides every draft once and compares the outcome with what its scenario
/// meant to get, so the timings are known to cover both accepts and rejects.
struct CorpusCheck {
    struct Mismatch {
        let scenario: String
        let expectedAccept: Bool
        let codes: [String]
    }

    private(set) var accepted = 0
    private(set) var rejectedInParse = 0
    private(set) var rejectedInDecide = 0
    private(set) var mismatches: [Mismatch] = []
    /// Reason code -> how many drafts it appeared in (errors and warnings).
    private(set) var codeCounts: [String: Int] = [:]

    init(corpus: DraftCorpus, engine: DecisionEngine, at instant: Timestamp) {
        for entry in corpus.entries {
            let findings: [Finding]
            let isAccepted: Bool
            switch DraftParser.parse(entry.bytes) {
            case .rejected(_, let parseFindings):
                findings = parseFindings
                isAccepted = false
                rejectedInParse += 1
            case .parsed(let draft):
                let decision = engine.decide(draft, submitter: entry.submitter, at: instant)
                findings = decision.errors + decision.warnings
                isAccepted = decision.isAccepted
                if isAccepted { accepted += 1 } else { rejectedInDecide += 1 }
            }
            let codes = findings.map(\.code.rawValue)
            for code in Set(codes) { codeCounts[code, default: 0] += 1 }
            if isAccepted != entry.expectsAccept {
                mismatches.append(Mismatch(scenario: entry.scenario, expectedAccept: entry.expectsAccept, codes: codes))
            }
        }
    }

    var rejected: Int { rejectedInParse + rejectedInDecide }
}
