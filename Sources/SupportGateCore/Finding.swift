import StrictJSON

/// One reason a draft was rejected or accepted with a note.
public struct Finding: Error, Sendable, Hashable {
    public let code: ReasonCode
    public let message: String
    /// JSON Pointer into the draft, when the problem is in one field.
    public let field: JSONPointer?
    public let rule: RuleID
    public let remedy: String

    public init(_ code: ReasonCode, _ message: String, field: JSONPointer? = nil, rule: RuleID, remedy: String) {
        self.code = code
        self.message = message
        self.field = field
        self.rule = rule
        self.remedy = remedy
    }

    public var isWarning: Bool { code.isWarning }

    public var json: JSONValue {
        var object = JSONObject()
        object.append("code", .string(code.rawValue))
        object.append("message", .string(message))
        if let field {
            object.append("field", .string(field.description))
        }
        object.append("rule", .string(rule.rawValue))
        object.append("remedy", .string(remedy))
        return .object(object)
    }
}

extension Finding {
    /// Rule 8's finding for an entitlement whose allowance is used up (in the engine, and
    /// where the ledger finds it so at commit).
    static func entitlementExhausted(_ entitlementId: String, inUse: Int, allowance: Int) -> Finding {
        let counted = inUse > 0 ? " (\(inUse) of \(allowance) in use)" : ""
        return Finding(.entitlementExhausted, "entitlement \"\(entitlementId)\" has no incidents left\(counted)",
                       field: DraftField.entitlement, rule: .entitlement, remedy: "Buy more incidents, or claim another entitlement.")
    }
}
