import StrictJSON

extension FilingRecord {
    /// The record as written: one JSON object, the contract's keys first, a newline at the end.
    public var json: JSONValue {
        var object = JSONObject()
        object.append("draftId", .string(draftId))
        object.append("decisionId", .string(decisionId))
        object.append("target", .string(target.rawValue))
        object.append("state", .string(state.rawValue))
        object.append("ticketName", ticketName.map(JSONValue.string) ?? .null)
        object.append("ticketId", ticketId.map(JSONValue.string) ?? .null)
        object.append("filedAt", filedAt.map(JSONValue.string) ?? .null)
        object.append("attempts", .number(JSONNumber(Int64(attempts))))
        object.append("lastError", lastError.map(\.json) ?? .null)
        object.append("status", status.map(JSONValue.string) ?? .null)
        object.append("partnerTenantId", .string(partnerTenantId))
        object.append("customerTenantId", customerTenantId.map(JSONValue.string) ?? .null)
        object.append("cloud", .string(cloud))
        object.append("decidedAt", .string(decidedAt))
        object.append("statusCheckedAt", statusCheckedAt.map(JSONValue.string) ?? .null)
        if let manual {
            object.append("manual", .object(JSONObject([
                JSONMember(key: "page", value: .string(manual.page)),
                JSONMember(key: "serviceRequest", value: manual.serviceRequest),
            ])))
        }
        return .object(object)
    }

    public var bytes: [UInt8] {
        Array((JSONWriter.pretty(json) + "\n").utf8)
    }

    /// Reads a record back. A record the forwarder cannot read is never guessed at: the error
    /// names the field, and the caller leaves the file for a person.
    public init(bytes: [UInt8]) throws(FilingRecordError) {
        let object: JSONObject
        do {
            object = try JSONParser.parseObject(bytes)
        } catch {
            throw FilingRecordError(field: nil, message: "not a JSON object: \(error)")
        }
        let reader = RecordReader(object: object)
        guard let target = FilingTarget(rawValue: try reader.string("target")) else {
            throw FilingRecordError(field: "target", message: "not one of \(FilingTarget.allCases.map(\.rawValue))")
        }
        guard let state = FilingState(rawValue: try reader.string("state")) else {
            throw FilingRecordError(field: "state", message: "not one of \(FilingState.allCases.map(\.rawValue))")
        }
        var manual: ManualFiling?
        if let manualObject = object["manual"]?.objectValue {
            guard let page = manualObject["page"]?.stringValue, let request = manualObject["serviceRequest"] else {
                throw FilingRecordError(field: "manual", message: "needs page and serviceRequest")
            }
            manual = ManualFiling(page: page, serviceRequest: request)
        }
        self.init(draftId: try reader.string("draftId"), decisionId: try reader.string("decisionId"), target: target, state: state,
                  ticketName: try reader.optionalString("ticketName"), ticketId: try reader.optionalString("ticketId"),
                  filedAt: try reader.optionalString("filedAt"), attempts: try reader.integer("attempts"),
                  lastError: try FilingError(object["lastError"]), status: try reader.optionalString("status"),
                  partnerTenantId: try reader.string("partnerTenantId"), customerTenantId: try reader.optionalString("customerTenantId"),
                  cloud: try reader.string("cloud"), decidedAt: try reader.string("decidedAt"),
                  statusCheckedAt: try reader.optionalString("statusCheckedAt"), manual: manual)
    }
}

extension FilingError {
    var json: JSONValue {
        var object = JSONObject()
        object.append("code", .string(code))
        object.append("message", .string(message))
        object.append("httpStatus", httpStatus.map { .number(JSONNumber(Int64($0))) } ?? .null)
        object.append("at", .string(at))
        return .object(object)
    }

    init?(_ value: JSONValue?) throws(FilingRecordError) {
        guard let value, !value.isNull else { return nil }
        guard let object = value.objectValue else { throw FilingRecordError(field: "lastError", message: "not an object") }
        let reader = RecordReader(object: object, prefix: "lastError/")
        let status = object["httpStatus"]?.numberValue.flatMap { Int($0.text) }
        self.init(code: try reader.string("code"), message: try reader.string("message"), httpStatus: status, at: try reader.string("at"))
    }
}

/// A record that does not read: which field (a JSON Pointer without the leading slash) and why.
public struct FilingRecordError: Error, Sendable, Hashable, CustomStringConvertible {
    public let field: String?
    public let message: String

    public init(field: String?, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String {
        field.map { "/\($0): \(message)" } ?? message
    }
}

private struct RecordReader {
    let object: JSONObject
    var prefix = ""

    func string(_ key: String) throws(FilingRecordError) -> String {
        guard let value = object[key]?.stringValue else { throw FilingRecordError(field: prefix + key, message: "missing or not a string") }
        return value
    }

    func optionalString(_ key: String) throws(FilingRecordError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw FilingRecordError(field: prefix + key, message: "not a string") }
        return text
    }

    func integer(_ key: String) throws(FilingRecordError) -> Int {
        guard let number = object[key]?.numberValue, let value = Int(number.text), value >= 0 else {
            throw FilingRecordError(field: prefix + key, message: "missing or not a whole number ≥ 0")
        }
        return value
    }
}
