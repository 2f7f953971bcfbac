import StrictJSON

/// Microsoft's `code` and `message` out of an error body, whichever API sent it:
/// - ARM (Azure): `{"error": {"code": "…", "message": "…"}}`
/// - Partner Center: `{"code": 600008, "description": "…"}` (numbers as codes), or ARM's shape
/// - OAuth (the token endpoint): `{"error": "invalid_grant", "error_description": "AADSTS…"}`
struct MicrosoftErrorBody: Sendable, Hashable {
    let code: String
    let message: String

    init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// nil when the body is not a JSON object naming an error.
    init?(_ bytes: [UInt8]) {
        guard let object = Self.object(bytes) else { return nil }
        if let error = object["error"]?.objectValue {
            guard let code = Self.text(error["code"]) else { return nil }
            self.init(code: code, message: Self.text(error["message"]) ?? "")
        } else if let code = Self.text(object["error"]) {
            self.init(code: code, message: Self.firstLine(Self.text(object["error_description"]) ?? ""))
        } else if let code = Self.text(object["code"]) ?? Self.text(object["Code"]) {
            let message = Self.text(object["message"]) ?? Self.text(object["description"]) ?? Self.text(object["Message"])
                ?? Self.text(object["Description"]) ?? ""
            self.init(code: code, message: message)
        } else {
            return nil
        }
    }

    /// Microsoft's bodies sometimes start with a UTF-8 byte order mark.
    static func object(_ bytes: [UInt8]) -> JSONObject? {
        var bytes = bytes[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        return try? JSONParser.parseObject(Array(bytes))
    }

    /// A string, or a number's text (Partner Center's codes are numbers).
    static func text(_ value: JSONValue?) -> String? {
        if let string = value?.stringValue { return string }
        if let number = value?.numberValue { return number.text }
        return nil
    }

    /// An AADSTS description's first line: the code and what went wrong. The lines after it
    /// (trace and correlation ids, timestamps) are for Microsoft's support, and the fewer
    /// words of Microsoft's kept, the fewer chances of keeping something echoed.
    static func firstLine(_ text: String) -> String {
        String(text.split(omittingEmptySubsequences: true, whereSeparator: { $0.isNewline }).first ?? "")
    }
}
