/// The command line: `supportgate-bench [report|load|load-steps] [--option value]…`.
struct BenchArguments {
    enum Mode: String {
        /// Everything, as a markdown report (the default).
        case report
        /// Child process: GateLoader.load once, figures as key=value.
        case load
        /// Child process: the load's steps one by one, figures as key=value.
        case loadSteps = "load-steps"
    }

    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    static let usage = """
        usage: supportgate-bench [report] [--config PATH] [--directory PATH] [--drafts PATH]
                                 [--decisions N] [--evaluations N] [--load-runs N] [--at RFC3339]
               supportgate-bench load --config PATH --directory PATH
               supportgate-bench load-steps --directory PATH
        Defaults: Config/supportgate.toml, bench-out/directory-100k.json, bench-out/drafts.json,
        200000 decisions, 100000 evaluations, 5 load runs, at 2026-11-24T18:00:00Z.
        """

    var mode = Mode.report
    var configPath = "Config/supportgate.toml"
    var directoryPath = "bench-out/directory-100k.json"
    var draftsPath = "bench-out/drafts.json"
    var decisions = 200_000
    var evaluations = 100_000
    var loadRuns = 5
    var instant = "2026-11-24T18:00:00Z"

    static func parse(_ arguments: [String]) throws(UsageError) -> BenchArguments {
        var result = BenchArguments()
        var rest = arguments[...]
        if let first = rest.first, !first.hasPrefix("-") {
            guard let mode = Mode(rawValue: first) else { throw UsageError(description: "unknown mode \"\(first)\"\n\(usage)") }
            result.mode = mode
            rest = rest.dropFirst()
        }
        while let option = rest.popFirst() {
            if option == "--help" || option == "-h" { throw UsageError(description: usage) }
            guard let value = rest.popFirst() else { throw UsageError(description: "\(option) needs a value\n\(usage)") }
            switch option {
            case "--config": result.configPath = value
            case "--directory": result.directoryPath = value
            case "--drafts": result.draftsPath = value
            case "--at": result.instant = value
            case "--decisions": result.decisions = try count(value, for: option, minimum: 1)
            case "--evaluations": result.evaluations = try count(value, for: option, minimum: 1)
            case "--load-runs": result.loadRuns = try count(value, for: option, minimum: 1)
            default: throw UsageError(description: "unknown option \(option)\n\(usage)")
            }
        }
        return result
    }

    private static func count(_ text: String, for option: String, minimum: Int) throws(UsageError) -> Int {
        guard let value = Int(text.filter { $0 != "_" }), value >= minimum else {
            throw UsageError(description: "\(option) takes a whole number ≥ \(minimum), not \"\(text)\"")
        }
        return value
    }
}
