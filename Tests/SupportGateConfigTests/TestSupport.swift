import Foundation
import SupportGateConfig

/// Paths and the example gate shared by the configuration tests.
enum TestSupport {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let configPath = repositoryRoot.appendingPathComponent("Config/supportgate.toml").path

    static let exampleGate: LoadedGate = {
        switch GateLoader.load(configPath: configPath) {
        case .success(let gate): return gate
        case .failure(let error): fatalError("the example configuration does not load:\n\(error)")
        }
    }()

    static func parse(_ text: String, baseDirectory: String = "/etc/supportgate") -> Result<GateConfiguration, ConfigurationError> {
        ConfigurationParser.parse(text, file: "test.toml", baseDirectory: baseDirectory)
    }

    static func problems(_ text: String) -> [ConfigurationProblem] {
        switch parse(text) {
        case .success: []
        case .failure(let error): error.problems
        }
    }
}
