@testable import SupportGateSpool
import Testing

@Suite("Result name filter")
struct ResultNameFilterTests {
    @Test("before it is loaded every name may exist, and inserting changes nothing")
    func unloadedSaysMaybe() {
        var filter = ResultNameFilter()
        filter.insert(FileName("a.json"))
        #expect(!filter.isLoaded)
        #expect(filter.mayContain(FileName("never-written.json")))
    }

    @Test("never 'no' for a name that was added; rarely 'maybe' for one that was not")
    func noFalseNegatives() {
        var filter = ResultNameFilter()
        let loaded = filter.load(fromShelvesOf: [])
        #expect(loaded)
        let added = (0..<200_000).map { FileName("draft-\($0).json") }
        for name in added { filter.insert(name) }
        #expect(added.allSatisfy { filter.mayContain($0) })
        let falsePositives = (0..<100_000).filter { filter.mayContain(FileName("other-\($0).json")) }.count
        #expect(falsePositives < 100)  // about 2 expected at this load
    }
}
