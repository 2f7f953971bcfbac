import BusinessCalendar
import StrictJSON
import SupportGateCore

/// Typed field readers for the directory, each recording a located problem.
extension DirectoryDecoder {
    mutating func checkKeys(_ object: JSONObject, at pointer: @autoclosure () -> JSONPointer, allowed: [String]) {
        for key in object.keys where !allowed.contains(key) {
            var message = "unknown field \"\(key)\""
            if let near = NameSuggestion.closest(to: key, among: allowed) {
                message += " (did you mean \"\(near)\"?)"
            }
            fail(pointer().appending(key), message)
        }
    }

    func unknownValue<E: ContractEnum>(_ text: String, of type: E.Type) -> String {
        var message = "\"\(text)\" is not one of \(E.allowedValuesText)"
        if let near = E.suggestion(for: text) { message += " (did you mean \"\(near)\"?)" }
        return message
    }

    mutating func string(_ object: JSONObject, _ key: String, at pointer: @autoclosure () -> JSONPointer, required: Bool = false) -> String? {
        guard let value = object[key], !value.isNull else {
            if required { fail(pointer().appending(key), "required field \"\(key)\" is missing") }
            return nil
        }
        guard let text = value.stringValue else {
            fail(pointer().appending(key), "\"\(key)\" must be a string, not \(value.typeName)")
            return nil
        }
        return text
    }

    mutating func bool(_ object: JSONObject, _ key: String, at pointer: @autoclosure () -> JSONPointer) -> Bool? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let flag = value.boolValue else {
            fail(pointer().appending(key), "\"\(key)\" must be true or false, not \(value.typeName)")
            return nil
        }
        return flag
    }

    mutating func guid(_ object: JSONObject, _ key: String, at pointer: @autoclosure () -> JSONPointer, required: Bool) -> TenantGUID? {
        guard let text = string(object, key, at: pointer(), required: required) else { return nil }
        guard let guid = TenantGUID(text) else {
            fail(pointer().appending(key), "\"\(text)\" is not a GUID (8-4-4-4-12 hexadecimal digits)")
            return nil
        }
        return guid
    }

    mutating func enumeration<E: ContractEnum>(_ type: E.Type, _ object: JSONObject, _ key: String, at pointer: @autoclosure () -> JSONPointer, required: Bool = false) -> E? {
        guard let text = string(object, key, at: pointer(), required: required) else { return nil }
        guard let value = E(rawValue: text) else {
            fail(pointer().appending(key), unknownValue(text, of: type))
            return nil
        }
        return value
    }

    mutating func list(_ object: JSONObject, _ key: String, at pointer: @autoclosure () -> JSONPointer) -> [JSONValue] {
        guard let value = object[key], !value.isNull else { return [] }
        guard let items = value.arrayValue else {
            fail(pointer().appending(key), "\"\(key)\" must be an array, not \(value.typeName)")
            return []
        }
        return items
    }

    mutating func strings(_ object: JSONObject, _ key: String, at pointer: @autoclosure () -> JSONPointer) -> [String] {
        var result: [String] = []
        for (index, item) in list(object, key, at: pointer()).enumerated() {
            if let text = item.stringValue {
                result.append(text)
            } else {
                fail(pointer().appending(key).appending(index), "\"\(key)\" items must be strings, not \(item.typeName)")
            }
        }
        return result
    }

    mutating func timestamp(_ object: JSONObject, _ key: String, at pointer: @autoclosure () -> JSONPointer) -> Timestamp? {
        guard let text = string(object, key, at: pointer()) else { return nil }
        guard let instant = Timestamp.parseRFC3339(text) else {
            fail(pointer().appending(key), "\"\(text)\" is not an RFC 3339 date-time such as \"2026-01-01T00:00:00Z\"")
            return nil
        }
        return instant
    }
}
