import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SupportGateConfig
@testable import SupportGateDaemon
import SupportGateSpool
import SupportGateSystemd
import SupportGateTestKit
import Testing

/// The metrics file node_exporter's textfile collector reads (`metrics.textfile`).
@Suite("Metrics for Prometheus")
struct MetricsTests {
    /// Turns metrics on in the harness's configuration, with a reload.
    private func withMetrics(_ harness: PipelineHarness, textfile: String, interval: Int = 5) throws {
        let text = try String(contentsOfFile: harness.configPath, encoding: .utf8)
        try (text + "\n[metrics]\ntextfile = \"\(textfile)\"\nintervalSeconds = \(interval)\n").write(toFile: harness.configPath, atomically: true, encoding: .utf8)
        harness.reload()
    }

    private func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    @Test("decisions by outcome and reason code, the configuration in use, commit latency; rewritten whole once per interval")
    func metricsFile() throws {
        let harness = try PipelineHarness("metrics")
        let folder = "\(harness.folder)/textfile"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try withMetrics(harness, textfile: "\(folder)/supportgate.prom")
        try harness.drop(id: "m-1")
        try harness.drop(id: "m-2")
        try harness.drop(id: "m-3", example: "azure-own-tenant-csp")
        harness.settle()
        harness.daemon.writeMetrics(force: true)
        let text = read("\(folder)/supportgate.prom")
        for line in [
            "supportgate_decisions_total{outcome=\"accepted\"} 2",
            "supportgate_decisions_total{outcome=\"rejected\"} 1",
            "supportgate_reasons_total{code=\"OWN_TENANT_NOT_COVERED\",severity=\"error\"} 1",
            "supportgate_config_info{config_revision=\"\(harness.daemon.gate.configRevision)\"} 1",
            "supportgate_directory_customers 5",
            "supportgate_reloads_total{outcome=\"applied\"} 1",
            "supportgate_backlog 0",
            "# TYPE supportgate_commit_seconds histogram",
            "supportgate_commit_seconds_bucket{le=\"+Inf\"} ",
        ] {
            #expect(text.contains(line + (line.hasSuffix(" ") ? "" : "\n")) || text.contains(line), "missing: \(line)\n\(text)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["supportgate.prom"], "no temporary file left")
        let permissions = try FileManager.default.attributesOfItem(atPath: "\(folder)/supportgate.prom")[.posixPermissions] as? Int
        #expect(permissions == 0o644, "readable by the exporter")

        // Within the interval nothing is rewritten; once it is up, the file is.
        try harness.drop(id: "m-4")
        harness.settle()
        harness.daemon.writeMetrics(force: false)
        #expect(read("\(folder)/supportgate.prom").contains("supportgate_decisions_total{outcome=\"accepted\"} 2\n"))
        harness.clock.advance(milliseconds: 5_000)
        harness.daemon.writeMetrics(force: false)
        #expect(read("\(folder)/supportgate.prom").contains("supportgate_decisions_total{outcome=\"accepted\"} 3\n"))
    }

    @Test("hostile: a link planted at the temporary name is not written through, and a folder that is missing is logged once; deciding goes on")
    func plantedAndMissing() throws {
        let harness = try PipelineHarness("metrics hostile")
        let folder = "\(harness.folder)/textfile"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let victim = "\(harness.folder)/victim"
        try "untouched".write(toFile: victim, atomically: true, encoding: .utf8)
        try withMetrics(harness, textfile: "\(folder)/supportgate.prom")
        try FileManager.default.createSymbolicLink(atPath: "\(folder)/supportgate.prom.\(getpid()).tmp", withDestinationPath: victim)
        harness.daemon.writeMetrics(force: true)
        #expect(read(victim) == "untouched")
        #expect(read("\(folder)/supportgate.prom").contains("supportgate_decisions_total"), "the planted link was removed, not followed")

        try FileManager.default.removeItem(atPath: folder)
        for _ in 0..<3 {
            harness.clock.advance(milliseconds: 5_000)
            harness.daemon.writeMetrics(force: false)
        }
        #expect(harness.entries(.metricsNotWritten).count == 1, "logged once while it keeps failing")
        try harness.drop(id: "m-after")
        harness.settle()
        #expect(harness.result("m-after") != nil, "deciding goes on")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        harness.clock.advance(milliseconds: 5_000)
        harness.daemon.writeMetrics(force: false)
        #expect(read("\(folder)/supportgate.prom").contains("supportgate_decisions_total{outcome=\"accepted\"} 1\n"))
    }

    @Test("a spool fault is counted by its kind")
    func faults() throws {
        let harness = try PipelineHarness("metrics faults")
        let folder = "\(harness.folder)/textfile"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try withMetrics(harness, textfile: "\(folder)/supportgate.prom")
        harness.daemon.pipeline.reportFault(.spool(SpoolError("no space", path: harness.root, errno: ENOSPC)), at: harness.clock.monotonicMilliseconds())
        harness.daemon.writeMetrics(force: true)
        #expect(read("\(folder)/supportgate.prom").contains("supportgate_faults_total{kind=\"ENOSPC\"} 1\n"), "\(read("\(folder)/supportgate.prom"))")
    }

    @Test("metrics.textfile must end in .prom, and the interval is bounded: located errors")
    func settings() throws {
        for (body, key) in [("textfile = \"/tmp/supportgate.txt\"", "metrics.textfile"), ("intervalSeconds = 0", "metrics.intervalSeconds"),
                            ("textfiel = \"x.prom\"", "metrics.textfiel")] {
            let result = ConfigurationParser.parse("directory = \"d.json\"\n[metrics]\n\(body)\n", file: "s.toml", baseDirectory: "/etc")
            guard case .failure(let error) = result else {
                Issue.record("\(body) accepted")
                continue
            }
            #expect(error.problems.first?.key == key, "\(error)")
        }
        let off = try ConfigurationParser.parse("directory = \"d.json\"\n", file: "s.toml", baseDirectory: "/etc").get()
        #expect(off.metrics.textfile == nil, "off by default")
    }

    @Test("label values are escaped as the exposition format asks")
    func escaping() {
        #expect(GateMetrics.escaped("a\"b\\c\nd") == "a\\\"b\\\\c\\nd")
        #expect(GateMetrics.number(3) == "3")
        #expect(GateMetrics.number(0.25) == "0.25")
        #expect(GateMetrics.number(1_796_158_361.489) == "1796158361.489", "no exponent")
        #expect(GateMetrics.number(0.000_012_34) == "0.00001234")
        #expect(GateMetrics.number(-2.5e20) == "-250000000000000000000")
    }
}
