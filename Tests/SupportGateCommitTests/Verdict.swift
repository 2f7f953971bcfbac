import StrictJSON
import SupportGateCore
import SupportGateSpool

/// One draft's outcome as a submitter sees it.
struct Verdict: CustomStringConvertible {
    let accepted: Bool
    let decisionId: String
    let codes: [String]
    /// `accepted/<shelf>/<name>` or `rejected/…`; nil when nothing was written.
    let resultPath: String?
    /// A repeat of an acceptance the ledger holds, rather than a decision made now.
    let adopted: Bool

    init?(_ outcome: DraftOutcome) {
        switch outcome.disposition {
        case .decided(let result):
            accepted = result.decision.isAccepted
            decisionId = result.decisionId
            codes = result.decision.errors.map(\.code.rawValue)
            adopted = false
        case .adopted(let decision):
            accepted = decision.accepted
            decisionId = decision.decisionId
            codes = []
            adopted = true
        default:
            return nil
        }
        resultPath = outcome.resultPath
    }

    var description: String { "\(accepted ? "accept" : "reject \(codes)") \(decisionId) -> \(resultPath ?? "no result")\(adopted ? " (repeat)" : "")" }
}

extension JSONObject {
    var decisionId: String? { self["decisionId"]?.stringValue }
}
