import BusinessCalendar
import SupportGateConfig
import SupportGateCore

/// In-process, per-call timings over the draft corpus: parsing apart from
/// deciding, the whole evaluation, and two floors measured in the same run.
struct LatencyBenchmark {
    struct Results {
        let timerFloor: LatencySummary
        let lookupFloor: LatencySummary
        let parse: LatencySummary
        let decide: LatencySummary
        let evaluate: LatencySummary
        /// Folded from every result so the optimizer cannot drop the work.
        let checksum: Int
    }

    let gate: LoadedGate
    let corpus: DraftCorpus
    let instant: Timestamp

    func run(decisions: Int, evaluations: Int) -> Results {
        var checksum = 0
        let drafts = corpus.entries.compactMap { entry -> (Draft, SubmitterIdentity)? in
            guard case .parsed(let draft) = DraftParser.parse(entry.bytes) else { return nil }
            return (draft, entry.submitter)
        }
        // Warm-up: every path once, caches and lazy globals filled.
        _ = measureParseAndDecide(decisions: corpus.entries.count, checksum: &checksum)
        _ = measureEvaluate(count: corpus.entries.count, checksum: &checksum)

        let timer = measureTimer(count: decisions)
        let lookup = measureLookups(drafts.map(\.0), count: decisions, checksum: &checksum)
        let (parse, decide) = measureParseAndDecide(decisions: decisions, checksum: &checksum)
        let evaluate = measureEvaluate(count: evaluations, checksum: &checksum)
        return Results(
            timerFloor: LatencySummary(name: "empty timed region (timer overhead)", samples: timer),
            lookupFloor: LatencySummary(name: "directory lookups: partner + customer + relationship", samples: lookup),
            parse: LatencySummary(name: "DraftParser.parse(bytes)", samples: parse),
            decide: LatencySummary(name: "DecisionEngine.decide(draft, submitter:at:)", samples: decide),
            evaluate: LatencySummary(name: "DraftEvaluator.evaluate (parse + hash + decide + id)", samples: evaluate),
            checksum: checksum)
    }

    private func measureTimer(count: Int) -> [UInt64] {
        var samples = [UInt64](repeating: 0, count: count)
        for index in 0..<count {
            let start = MonotonicClock.nanoseconds()
            let end = MonotonicClock.nanoseconds()
            samples[index] = end &- start
        }
        return samples
    }

    /// The dictionary lookups a decision cannot avoid, and nothing else.
    private func measureLookups(_ drafts: [Draft], count: Int, checksum: inout Int) -> [UInt64] {
        let directory = gate.directory
        var samples = [UInt64](repeating: 0, count: count)
        for index in 0..<count {
            let draft = drafts[index % drafts.count]
            let start = MonotonicClock.nanoseconds()
            let partner = directory.partners[draft.partnerTenantId]
            let customer = draft.customer.flatMap { directory.customers[$0] }
            let relationship = customer?.relationships[draft.partnerTenantId]
            let end = MonotonicClock.nanoseconds()
            samples[index] = end &- start
            checksum &+= (partner == nil ? 1 : 2) &+ (relationship?.azureAccessGranted == true ? 4 : 8)
        }
        return samples
    }

    /// Parses each draft's bytes and decides the result, timing the two apart.
    /// Drafts rejected by the parser add a parse sample only.
    private func measureParseAndDecide(decisions: Int, checksum: inout Int) -> (parse: [UInt64], decide: [UInt64]) {
        let engine = gate.evaluator.engine
        var parseSamples: [UInt64] = []
        var decideSamples: [UInt64] = []
        parseSamples.reserveCapacity(decisions + decisions / 8)
        decideSamples.reserveCapacity(decisions)
        var index = 0
        while decideSamples.count < decisions {
            let entry = corpus.entries[index % corpus.entries.count]
            index += 1
            let parseStart = MonotonicClock.nanoseconds()
            let outcome = DraftParser.parse(entry.bytes)
            let parseEnd = MonotonicClock.nanoseconds()
            parseSamples.append(parseEnd &- parseStart)
            guard case .parsed(let draft) = outcome else {
                checksum &+= 1
                continue
            }
            let decideStart = MonotonicClock.nanoseconds()
            let decision = engine.decide(draft, submitter: entry.submitter, at: instant)
            let decideEnd = MonotonicClock.nanoseconds()
            decideSamples.append(decideEnd &- decideStart)
            checksum &+= decision.errors.count &* 3 &+ decision.warnings.count
        }
        return (parseSamples, decideSamples)
    }

    /// The gate's whole per-draft path, each call with an empty history so none is a repeat.
    private func measureEvaluate(count: Int, checksum: inout Int) -> [UInt64] {
        let evaluator = gate.evaluator
        var samples = [UInt64](repeating: 0, count: count)
        for index in 0..<count {
            let entry = corpus.entries[index % corpus.entries.count]
            var ledger = InMemoryDecisionHistory()
            let start = MonotonicClock.nanoseconds()
            let evaluation = evaluator.evaluate(entry.bytes, fallbackDraftId: "bench", submitter: entry.submitter,
                                                at: instant, history: &ledger)
            let end = MonotonicClock.nanoseconds()
            samples[index] = end &- start
            if let result = evaluation.result {
                checksum &+= result.decisionId.utf8.count &+ result.decision.errors.count
            }
        }
        return samples
    }
}
