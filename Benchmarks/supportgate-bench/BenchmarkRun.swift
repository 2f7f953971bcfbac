import BusinessCalendar
import SupportGateConfig
import SupportGateCore

/// The report mode: load figures from child processes, then the latency run here.
enum BenchmarkRun {
    static func run(_ arguments: BenchArguments) -> Int32 {
        let machine = MachineDescription.current()
        guard let instant = Timestamp.parseRFC3339(arguments.instant) else {
            FileOutput.standardError("--at \(arguments.instant) is not an RFC 3339 date-time")
            return 2
        }
        do {
            progress("loading the directory in \(arguments.loadRuns) + 1 fresh processes")
            let load = try LoadMeasurement.measure(runs: arguments.loadRuns, configPath: arguments.configPath,
                                                   directoryPath: arguments.directoryPath)
            let gate = try GateLoader.load(configPath: arguments.configPath, directoryOverride: arguments.directoryPath).get()
            let corpus = try DraftCorpus.load(path: arguments.draftsPath)
            let check = CorpusCheck(corpus: corpus, engine: gate.evaluator.engine, at: instant)
            for mismatch in check.mismatches.prefix(20) {
                progress("unexpected: \(mismatch.scenario) meant to be \(mismatch.expectedAccept ? "accepted" : "rejected"), got \(mismatch.codes)")
            }
            progress("timing \(arguments.decisions) decisions and \(arguments.evaluations) evaluations")
            let latency = LatencyBenchmark(gate: gate, corpus: corpus, instant: instant)
                .run(decisions: arguments.decisions, evaluations: arguments.evaluations)
            let directoryBytes = try FileBytes.read(arguments.directoryPath).count
            let report = BenchReport(machine: machine, arguments: arguments, directoryBytes: directoryBytes, load: load,
                                     corpus: corpus, check: check, latency: latency)
            print(report.render())
            progress("checksum \(latency.checksum); this process peaked at \(BenchReport.megabytes(ProcessMemory.current().peakResidentKiB * 1_024))")
            return 0
        } catch {
            FileOutput.standardError("supportgate-bench: \(error)")
            return 1
        }
    }

    private static func progress(_ message: String) {
        FileOutput.standardError("supportgate-bench: \(message)")
    }
}
