import Foundation
import StrictJSON
import SupportGateCore
import Testing

/// Every input the fuzzer ever found a problem with (and a few hostile seeds) is replayed:
/// each must give a result that encodes to JSON and parses back, and never crash.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let folder = TestSupport.repositoryRoot.appendingPathComponent("Tests/SupportGateCoreTests/FuzzRegressions")
    static let inputs: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()

    @Test("there are regression inputs")
    func present() {
        #expect(!Self.inputs.isEmpty)
    }

    @Test("replayed safely", arguments: inputs)
    func replay(_ name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(name)))
        let result = TestSupport.decide(bytes: bytes)
        #expect((try? JSONParser.parse(JSONWriter.compact(result.json))) != nil)
        #expect(result.decision.isAccepted == result.decision.errors.isEmpty)
    }
}
