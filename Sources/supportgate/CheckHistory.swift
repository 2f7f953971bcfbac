import SupportGateCore

/// What `check` remembers across the drafts of one invocation, by the gate's rule
/// (contract §7): only an acceptance takes an id. A rejected draft takes nothing, so the
/// same id given again, identical or corrected, is decided anew, as the daemon decides it.
/// A `DRAFT_DUPLICATE` is remembered too: the same duplicate again is its repeat.
struct CheckHistory: DecisionHistory {
    private var decided = InMemoryDecisionHistory()

    func prior(_ key: DraftKey, digest: [UInt8], submitterUID: UInt32?) -> PriorDecision {
        decided.prior(key, digest: digest, submitterUID: submitterUID)
    }

    mutating func record(_ result: DecisionResult) {
        guard result.decision.isAccepted || result.decision.errors.contains(where: { $0.code == .draftDuplicate }) else { return }
        decided.record(result)
    }
}
