import StrictJSON

/// Reads typed fields out of a JSON object and collects one
/// `DRAFT_SCHEMA_INVALID` finding per problem, each with its JSON Pointer, up to
/// `FindingLimits.maxFindings`; past them it only counts, and `findings` ends with one
/// `FINDINGS_TRUNCATED` that says how many more there were.
struct SchemaReader {
    private var kept: [Finding] = []
    private var omitted = 0

    var isValid: Bool { kept.isEmpty }

    /// The cap is reached: further problems are only counted, so work that only serves a
    /// finding's text (a "did you mean" search) can be skipped.
    var isFull: Bool { kept.count >= FindingLimits.maxFindings }

    var findings: [Finding] {
        omitted == 0 ? kept : kept + [.findingsTruncated(omitted: omitted, rule: .readSchema)]
    }

    mutating func fail(_ field: JSONPointer, _ message: @autoclosure () -> String, remedy: @autoclosure () -> String) {
        guard !isFull else {
            omitted += 1
            return
        }
        kept.append(Finding(.draftSchemaInvalid, message(), field: field, rule: .readSchema, remedy: remedy()).bounded)
    }

    mutating func missing(_ field: JSONPointer, _ key: String, expected: String) {
        fail(field, "required field \"\(key)\" is missing", remedy: "Add \"\(key)\" (\(expected)).")
    }

    mutating func wrongType(_ field: JSONPointer, _ key: String, expected: String, found: JSONValue) {
        fail(field, "\"\(key)\" must be \(expected), not \(found.typeName)", remedy: "Give \"\(key)\" \(expected).")
    }

    /// Every key must be one of `allowed`; a near miss is named.
    mutating func rejectUnknownKeys(in object: JSONObject, at pointer: JSONPointer, allowed: [String], context: String) {
        for index in object.members.indices where !allowed.contains(where: { JSONObject.keysEqual($0, object.members[index].key) }) {
            guard !isFull else {
                omitted += 1
                continue
            }
            let key = object.members[index].key
            let shown = FindingLimits.quoted(key)
            var message = "unknown field \"\(shown)\" in \(context)"
            if let near = NameSuggestion.closest(to: key, among: allowed) {
                message += " (did you mean \"\(near)\"?)"
            }
            fail(pointer.appending(key), message, remedy: "Remove \"\(shown)\" or correct its name; \(context) takes: \(allowed.joined(separator: ", ")).")
        }
    }

    /// The value, or nil (and a finding when required) if absent or null.
    mutating func value(_ object: JSONObject, _ key: String, at pointer: JSONPointer, required: Bool, expected: String) -> JSONValue? {
        guard let value = object[key], !value.isNull else {
            if required { missing(pointer.appending(key), key, expected: expected) }
            return nil
        }
        return value
    }

    mutating func string(_ object: JSONObject, _ key: String, at pointer: JSONPointer, required: Bool, nonEmpty: Bool = true) -> String? {
        guard let value = value(object, key, at: pointer, required: required, expected: "a string") else { return nil }
        guard let text = value.stringValue else {
            wrongType(pointer.appending(key), key, expected: "a string", found: value)
            return nil
        }
        if nonEmpty && text.allSatisfy(\.isWhitespace) {
            fail(pointer.appending(key), "\"\(key)\" is empty", remedy: "Give \"\(key)\" a value.")
            return nil
        }
        return text
    }

    mutating func bool(_ object: JSONObject, _ key: String, at pointer: JSONPointer) -> Bool? {
        guard let value = value(object, key, at: pointer, required: false, expected: "true or false") else { return nil }
        guard let flag = value.boolValue else {
            wrongType(pointer.appending(key), key, expected: "true or false", found: value)
            return nil
        }
        return flag
    }

    mutating func object(_ object: JSONObject, _ key: String, at pointer: JSONPointer, required: Bool) -> JSONObject? {
        guard let value = value(object, key, at: pointer, required: required, expected: "an object") else { return nil }
        guard let nested = value.objectValue else {
            wrongType(pointer.appending(key), key, expected: "an object", found: value)
            return nil
        }
        return nested
    }

    mutating func array(_ object: JSONObject, _ key: String, at pointer: JSONPointer) -> [JSONValue]? {
        guard let value = value(object, key, at: pointer, required: false, expected: "an array") else { return nil }
        guard let items = value.arrayValue else {
            wrongType(pointer.appending(key), key, expected: "an array", found: value)
            return nil
        }
        return items
    }

    mutating func enumeration<E: ContractEnum>(_ type: E.Type, _ object: JSONObject, _ key: String, at pointer: JSONPointer, required: Bool) -> E? {
        guard let text = string(object, key, at: pointer, required: required, nonEmpty: false) else { return nil }
        return enumeration(type, text, key: key, at: pointer.appending(key))
    }

    mutating func enumeration<E: ContractEnum>(_ type: E.Type, _ text: String, key: String, at field: JSONPointer) -> E? {
        if let value = E(rawValue: text) { return value }
        var message = "\"\(text)\" is not a valid \(key)"
        if let near = E.suggestion(for: text) { message += " (did you mean \"\(near)\"?)" }
        fail(field, message, remedy: "Use one of \(E.allowedValuesText).")
        return nil
    }

    mutating func guid(_ object: JSONObject, _ key: String, at pointer: JSONPointer, required: Bool) -> TenantGUID? {
        guard let text = string(object, key, at: pointer, required: required, nonEmpty: false) else { return nil }
        guard let guid = TenantGUID(text) else {
            fail(pointer.appending(key), "\"\(key)\" is not a GUID: \"\(text)\"",
                 remedy: "Write \"\(key)\" as 8-4-4-4-12 hexadecimal digits, e.g. \"00000000-0000-0000-0000-000000000000\".")
            return nil
        }
        return guid
    }

    /// An e-mail address with its domain, or a finding.
    mutating func email(_ address: String, at field: JSONPointer) -> ContactEmail? {
        guard let domain = EmailAddress.domain(of: address) else {
            fail(field, "\"\(address)\" is not an e-mail address", remedy: "Give an address of the form name@example.com.")
            return nil
        }
        return ContactEmail(address: address, domain: domain, field: field)
    }

    /// An array of strings (e.g. additional e-mail addresses).
    mutating func strings(_ object: JSONObject, _ key: String, at pointer: JSONPointer) -> [(String, JSONPointer)] {
        guard let items = array(object, key, at: pointer) else { return [] }
        var result: [(String, JSONPointer)] = []
        for (index, item) in items.enumerated() {
            let field = pointer.appending(key).appending(index)
            if let text = item.stringValue {
                result.append((text, field))
            } else {
                fail(field, "\"\(key)\" item \(index) must be a string, not \(item.typeName)", remedy: "Make every item of \"\(key)\" a string.")
            }
        }
        return result
    }
}
