import BusinessCalendar
import Foundation
import StrictJSON
import SupportGateConfig
import SupportGateCore
import Testing

/// Paths, the example gate, and draft editing shared by the tests.
enum TestSupport {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let configPath = repositoryRoot.appendingPathComponent("Config/supportgate.toml").path
    static let examplesFolder = repositoryRoot.appendingPathComponent("Config/examples")
    static let goldenFolder = repositoryRoot.appendingPathComponent("Tests/SupportGateCoreTests/Golden")
    /// The real public examples, copied into the repository unchanged (see Tests/Fixtures/SOURCES.md).
    static let fixturesFolder = repositoryRoot.appendingPathComponent("Tests/Fixtures")

    /// Tuesday 2026-11-24 18:00 UTC: inside every example entitlement's validity.
    static let instant = Timestamp.parseRFC3339("2026-11-24T18:00:00Z")!

    static let contoso = "c0a70500-0000-4000-8000-000000000001"
    static let northwind = "b0b00000-0000-4000-8000-000000000002"
    static let fabrikam = "fab00000-0000-4000-8000-000000000003"
    static let litware = "11700000-0000-4000-8000-000000000004"
    static let adatum = "ada70000-0000-4000-8000-000000000005"
    static let fourthCoffee = "90700000-0000-4000-8000-000000000006"
    static let tailspin = "7a115000-0000-4000-8000-00000000c001"
    static let wingtip = "3149700e-0000-4000-8000-00000000c002"
    static let woodgrove = "600d9000-0000-4000-8000-00000000c003"
    static let alpine = "a1b10e00-0000-4000-8000-00000000c004"
    static let proseware = "9e05e000-0000-4000-8000-00000000c005"
    static let subscription = "132d901f-189d-4381-9214-fe68e27e05a1"

    static let exampleGate: LoadedGate = {
        switch GateLoader.load(configPath: configPath) {
        case .success(let gate): return gate
        case .failure(let error): fatalError("the example configuration does not load:\n\(error)")
        }
    }()

    static func gate(allowPaidSupport: Bool) -> DraftEvaluator {
        var policy = exampleGate.configuration.policy
        policy.allowPaidAzureSupport = allowPaidSupport
        return DraftEvaluator(engine: DecisionEngine(directory: exampleGate.directory, policy: policy),
                              configRevision: exampleGate.configRevision)
    }

    static func example(_ name: String) -> JSONValue {
        let url = examplesFolder.appendingPathComponent("\(name).draft.json")
        let data = try! Data(contentsOf: url)
        return try! JSONParser.parse([UInt8](data))
    }

    static func fixture(_ relativePath: String) throws -> JSONValue {
        let url = fixturesFolder.appendingPathComponent(relativePath)
        let data = try Data(contentsOf: url)
        return try JSONParser.parse([UInt8](data))
    }

    static func decide(_ draft: JSONValue, submitter: SubmitterIdentity? = nil, at instant: Timestamp = instant,
                       evaluator: DraftEvaluator = exampleGate.evaluator) -> DecisionResult {
        decide(bytes: Array(JSONWriter.compact(draft).utf8), submitter: submitter, at: instant, evaluator: evaluator)
    }

    static func decide(bytes: [UInt8], submitter: SubmitterIdentity? = nil, at instant: Timestamp = instant,
                       evaluator: DraftEvaluator = exampleGate.evaluator) -> DecisionResult {
        var ledger = InMemoryDecisionHistory()
        // A fresh history has no earlier decision: the evaluation is always a new one.
        guard case .decided(let result) = evaluator.evaluate(bytes, fallbackDraftId: "test", submitter: submitter, at: instant, history: &ledger) else {
            preconditionFailure("a draft decided against an empty history came back as a repeat")
        }
        return result
    }
}

/// One change to a draft: set (or, with nil, remove) the value at a path of object keys.
struct Edit: Sendable, CustomStringConvertible {
    let path: [String]
    let value: JSONValue?

    static func set(_ path: String, _ value: JSONValue) -> Edit {
        Edit(path: path.split(separator: "/").map(String.init), value: value)
    }

    static func set(_ path: String, _ text: String) -> Edit {
        set(path, .string(text))
    }

    static func remove(_ path: String) -> Edit {
        Edit(path: path.split(separator: "/").map(String.init), value: nil)
    }

    var description: String {
        "/" + path.joined(separator: "/") + (value.map { " = \(JSONWriter.compact($0))" } ?? " removed")
    }
}

extension JSONValue {
    func applying(_ edits: [Edit]) -> JSONValue {
        edits.reduce(self) { $0.applying($1.path[...], $1.value) }
    }

    private func applying(_ path: ArraySlice<String>, _ value: JSONValue?) -> JSONValue {
        guard let key = path.first, var object = objectValue else { return value ?? .null }
        if path.count == 1 {
            if let value {
                object[key] = value
            } else {
                object = JSONObject(object.members.filter { $0.key != key })
            }
        } else {
            object[key] = (object[key] ?? .object(JSONObject())).applying(path.dropFirst(), value)
        }
        return .object(object)
    }
}

extension DecisionResult {
    var errorCodes: [ReasonCode] { decision.errors.map(\.code) }
    var warningCodes: [ReasonCode] { decision.warnings.map(\.code) }
    var allCodes: [ReasonCode] { errorCodes + warningCodes }
}
