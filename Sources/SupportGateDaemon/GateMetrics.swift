import BusinessCalendar
import Foundation
import SupportGateConfig
import SupportGateCore

/// What the gate exposes to Prometheus through node_exporter's textfile collector: kept on
/// the loop's thread, beside `DaemonCounters`, and written out every `metrics.intervalSeconds`
/// (`MetricsTextfile`). Counts since the gate started, as Prometheus counters are.
struct GateMetrics {
    /// Upper bounds of the commit-latency buckets, in seconds.
    static let commitBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    /// Decided drafts carrying each reason code, as an error or as a warning.
    private(set) var reasons: [ReasonKey: Int] = [:]
    private(set) var faults: [String: Int] = [:]
    private(set) var commitBucketCounts = [Int](repeating: 0, count: commitBuckets.count)
    private(set) var commitCount = 0
    private(set) var commitSeconds = 0.0
    /// Wall-clock seconds of the last decision written, 0 before the first.
    private(set) var lastDecision = 0.0

    struct ReasonKey: Hashable, Comparable {
        let code: String
        let severity: String

        static func < (lhs: ReasonKey, rhs: ReasonKey) -> Bool {
            (lhs.code, lhs.severity) < (rhs.code, rhs.severity)
        }
    }

    mutating func record(_ result: DecisionResult) {
        // Once per draft, however many findings of a code it has (five schema problems are
        // one draft with DRAFT_SCHEMA_INVALID).
        var carried: Set<ReasonKey> = []
        for finding in result.decision.errors { carried.insert(ReasonKey(code: finding.code.rawValue, severity: "error")) }
        for finding in result.decision.warnings { carried.insert(ReasonKey(code: finding.code.rawValue, severity: "warning")) }
        for key in carried { reasons[key, default: 0] += 1 }
        lastDecision = Double(result.decidedAt.millisecondsSinceEpoch) / 1000
    }

    mutating func recordFault(kind: String) {
        faults[kind, default: 0] += 1
    }

    mutating func recordCommit(seconds: Double) {
        commitCount += 1
        commitSeconds += seconds
        for (index, bound) in Self.commitBuckets.enumerated() where seconds <= bound {
            commitBucketCounts[index] += 1
        }
    }

    /// The text exposition format (version 0.0.4), one family after another.
    func render(counters: DaemonCounters, backlog: Int, journalUndelivered: Int, gate: LoadedGate) -> String {
        var text = ""
        func family(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: String)]) {
            text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for sample in samples { text += "\(name)\(sample.labels) \(sample.value)\n" }
        }
        family("supportgate_decisions_total", "counter", "Drafts decided since the gate started, by outcome.",
               [("{outcome=\"accepted\"}", "\(counters.accepted)"), ("{outcome=\"rejected\"}", "\(counters.rejected)")])
        family("supportgate_reasons_total", "counter", "Decided drafts carrying each reason code, as an error (rejecting) or a warning.",
               reasons.keys.sorted().map { ("{code=\"\($0.code)\",severity=\"\($0.severity)\"}", "\(reasons[$0]!)") })
        family("supportgate_repeats_total", "counter", "Drafts dropped again with bytes already decided: the earlier result stands.",
               [("", "\(counters.repeats)")])
        family("supportgate_backlog", "gauge", "Drafts waiting in incoming/ and processing/ (counted up to 10000).", [("", "\(backlog)")])
        family("supportgate_faults_total", "counter", "Spool faults (the gate backs off and retries), by errno.",
               faults.keys.sorted().map { ("{kind=\"\(Self.escaped($0))\"}", "\(faults[$0]!)") })
        family("supportgate_journal_undelivered_total", "counter", "Journal entries neither journald nor stderr took.",
               [("", "\(journalUndelivered)")])
        var buckets: [(labels: String, value: String)] = zip(Self.commitBuckets, commitBucketCounts).map { ("{le=\"\(Self.number($0))\"}", "\($1)") }
        buckets.append(("{le=\"+Inf\"}", "\(commitCount)"))
        text += "# HELP supportgate_commit_seconds Time to make a batch's results durable and give them their names.\n"
        text += "# TYPE supportgate_commit_seconds histogram\n"
        for bucket in buckets { text += "supportgate_commit_seconds_bucket\(bucket.labels) \(bucket.value)\n" }
        text += "supportgate_commit_seconds_sum \(Self.number(commitSeconds))\nsupportgate_commit_seconds_count \(commitCount)\n"
        family("supportgate_config_info", "gauge", "The configuration and directory in use (configRevision in every result).",
               [("{config_revision=\"\(gate.configRevision)\"}", "1")])
        family("supportgate_directory_load_seconds", "gauge", "How long the directory in use took to load.", [("", Self.number(gate.loadSeconds))])
        family("supportgate_directory_partners", "gauge", "Partners in the directory in use.", [("", "\(gate.directory.partners.count)")])
        family("supportgate_directory_customers", "gauge", "Customers in the directory in use.", [("", "\(gate.directory.customers.count)")])
        family("supportgate_reloads_total", "counter", "Reloads applied and refused.",
               [("{outcome=\"applied\"}", "\(counters.reloads)"), ("{outcome=\"refused\"}", "\(counters.refusedReloads)")])
        family("supportgate_last_decision_timestamp_seconds", "gauge", "When the last decision was made (Unix time); 0 before the first.",
               [("", Self.number(lastDecision))])
        return text
    }

    /// The shortest decimal that reads back as `value`, never with an exponent (Swift writes
    /// a timestamp in seconds as 1.79e+09).
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "+Inf" : "-Inf") }
        let text = "\(value)"
        guard let mark = text.firstIndex(where: { $0 == "e" || $0 == "E" }), let exponent = Int(text[text.index(after: mark)...]) else {
            return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        }
        let negative = text.hasPrefix("-")
        let mantissa = text[..<mark].drop { $0 == "-" }
        let digits = mantissa.filter { $0 != "." }
        let point = (mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count) + exponent
        var plain: String
        if point <= 0 {
            plain = "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            plain = digits + String(repeating: "0", count: point - digits.count)
        } else {
            plain = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
        }
        return (negative ? "-" : "") + plain
    }

    /// A label value: backslash, double quote and line feed escaped, as the format asks.
    static func escaped(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}
