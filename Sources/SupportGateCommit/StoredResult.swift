import StrictJSON
import SupportGateCore
import SupportGateSpool

/// An acceptance's result as the ledger keeps it, and as it is written again from there.
enum StoredResult {
    private static let submissionKey = "submission"

    /// Compact, and without `submission`, which is rebuilt from the same bytes (the sha256
    /// matches) when the result is written again: that keeps a row small (a premier
    /// acceptance is 2.9 KB with it, 0.7 KB without), under PostgreSQL's 2 KB TOAST threshold.
    static func recorded(_ result: DecisionResult) -> [UInt8] {
        guard case .object(let object) = result.json else { return [] }
        return recorded(object)
    }

    /// The same for a result already in JSON (a result file carried over from 0.19.0).
    static func recorded(_ result: JSONObject) -> [UInt8] {
        var object = result
        object[submissionKey] = nil
        var compact: [UInt8] = []
        compact.reserveCapacity(1024)
        JSONWriter.write(.object(object), pretty: false, into: &compact)
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
        return PreparedDraft.file(.object(object))
    }
}
