import StrictJSON
import SupportGateCore

/// The drafts written by Scripts/generate-directory.py: each draft's exact bytes,
/// who drops it, its scenario and the decision the scenario is meant to get.
struct DraftCorpus {
    struct Entry {
        let scenario: String
        let expectsAccept: Bool
        let submitter: SubmitterIdentity
        let bytes: [UInt8]
    }

    struct FormatError: Error, CustomStringConvertible {
        let description: String
    }

    let entries: [Entry]

    static func load(path: String) throws(any Error) -> DraftCorpus {
        let root = try JSONParser.parseObject(try FileBytes.read(path))
        guard let drafts = root["drafts"]?.arrayValue, !drafts.isEmpty else {
            throw FormatError(description: "\(path): expected { \"drafts\": [ … ] } with at least one draft")
        }
        var entries: [Entry] = []
        entries.reserveCapacity(drafts.count)
        for (index, item) in drafts.enumerated() {
            guard let object = item.objectValue, let scenario = object["scenario"]?.stringValue,
                  let expect = object["expect"]?.stringValue, let text = object["text"]?.stringValue,
                  let uid = object["uid"]?.numberValue?.int64Value.flatMap(UInt32.init(exactly:)) else {
                throw FormatError(description: "\(path): /drafts/\(index) needs scenario, expect, uid and text")
            }
            entries.append(Entry(scenario: scenario, expectsAccept: expect == "accept",
                                 submitter: SubmitterIdentity(uid: uid), bytes: Array(text.utf8)))
        }
        return DraftCorpus(entries: entries)
    }

    var totalBytes: Int { entries.reduce(0) { $0 + $1.bytes.count } }
}
