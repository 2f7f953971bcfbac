import StrictJSON
import SupportGateCore

/// An acceptance's result as the ledger keeps it, and as it is written again from there.
enum StoredResult {
    private static let submissionKey = "submission"

    /// Compact, and without `submission`, which is rebuilt from the same bytes (the sha256
    /// matches) when the result is written again: that keeps a row small (a premier
    /// acceptance is 2.9 KB with it, 0.7 KB without), under PostgreSQL's 2 KB TOAST threshold.
    static func recorded(_ result: DecisionResult) -> [UInt8] {
        var json = result.json
        if case .object(var object) = json {
            object[submissionKey] = nil
            json = .object(object)
        }
        var compact: [UInt8] = []
        compact.reserveCapacity(1024)
        JSONWriter.write(json, pretty: false, into: &compact)
        return compact
    }

    /// The result file for a stored acceptance: its JSON, with `submission` (the last member,
    /// where the engine puts it) rebuilt from the draft's bytes. Nil when the stored result is
    /// not a JSON object (damaged by hand) or the submission cannot be rebuilt here.
    static func file(from stored: [UInt8], submission: Submission?) -> [UInt8]? {
        guard case .object(var object)? = try? JSONParser.parse(stored) else { return nil }
        if object[submissionKey] == nil {
            guard let submission else { return nil }
            object.append(submissionKey, submission.json)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4096)
        JSONWriter.write(.object(object), pretty: true, into: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }
}
