import StrictJSON
import SupportGateCore
import SupportGateFiling
import SupportGateSpool

/// Reading filing records (contract §8: `filed/<partnerTenantId>/<draftId>.json`), as the
/// caller's permissions allow: the forwarder gives each record its result's readers, so a
/// record the caller may not read is as good as absent, and the answer does not say which.
enum FilingLookup {
    static let maxRecordBytes = 16 << 20

    struct Loaded {
        let path: String
        let record: FilingRecord
        /// The record as written, for JSON output (keys the forwarder adds later pass through).
        let object: JSONObject
    }

    static func folder(root: String, partner: String) -> String {
        "\(root)/filed/\(partner)"
    }

    static func path(root: String, partner: String, draftId: String) -> String {
        "\(folder(root: root, partner: partner))/\(draftId).json"
    }

    /// The record at `path`, nil when it is not there or not the caller's to read; a record
    /// that reads but does not parse is an error naming the file and the field.
    static func read(_ path: String) throws(ResultFileError) -> Loaded? {
        guard case .success(let file) = DraftFileReader.read(path: path, maxBytes: maxRecordBytes) else { return nil }
        let object: JSONObject
        let record: FilingRecord
        do {
            object = try JSONParser.parseObject(file.bytes)
            record = try FilingRecord(bytes: file.bytes)
        } catch let error as FilingRecordError {
            throw ResultFileError(path: path, message: "not a filing record: \(error)")
        } catch {
            throw ResultFileError(path: path, message: "not a filing record: not a JSON object: \(error)")
        }
        return Loaded(path: path, record: record, object: object)
    }

    /// Where an accepted result's record is, if the result is one the forwarder files: an
    /// acceptance whose submission goes to Microsoft (either target).
    static func recordPath(for result: JSONObject, root: String) -> String? {
        guard result["decision"]?.stringValue == "accept",
              let target = result["submission"]?.objectValue?["target"]?.stringValue, FilingTarget(rawValue: target) != nil,
              let partner = result["partnerTenantId"]?.stringValue.flatMap(TenantGUID.init),
              let draftId = result["draftId"]?.stringValue, DraftParser.isValidDraftId(draftId) else { return nil }
        return path(root: root, partner: partner.description, draftId: draftId)
    }

    /// The record of this very decision: one left by an earlier acceptance of the same id
    /// (another `decisionId`) is not its filing.
    static func record(for result: JSONObject, root: String) throws(ResultFileError) -> Loaded? {
        guard let path = recordPath(for: result, root: root), let loaded = try read(path) else { return nil }
        return loaded.record.decisionId == result["decisionId"]?.stringValue ? loaded : nil
    }
}
