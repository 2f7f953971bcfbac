#if canImport(Glibc)
import Glibc
#endif

// supportgate-bench: directory load time and peak RSS (in fresh child processes),
// and per-call latency of parsing, deciding and evaluating drafts. See BenchArguments.usage.

let arguments: BenchArguments
do {
    arguments = try BenchArguments.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileOutput.standardError(error.description)
    exit(2)
}

switch arguments.mode {
case .load:
    exit(LoadProbe.runGateLoader(configPath: arguments.configPath, directoryPath: arguments.directoryPath))
case .loadSteps:
    exit(LoadProbe.runSteps(directoryPath: arguments.directoryPath))
case .report:
    exit(BenchmarkRun.run(arguments))
}
