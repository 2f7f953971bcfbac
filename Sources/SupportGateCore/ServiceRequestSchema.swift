import StrictJSON

/// A Partner Center `ServiceRequest` as the create call takes it. Partner
/// Center reads property names without regard to case, so this does too,
/// and two names that differ only in case are a conflict.
enum ServiceRequestSchema {
    static let fields = [
        "Id", "Title", "Description", "Severity", "SupportTopicId", "SupportTopicName", "Status", "Organization",
        "PrimaryContact", "LastUpdatedBy", "ProductName", "ProductId", "CreatedDate", "LastModifiedDate",
        "LastClosedDate", "NewNote", "Notes", "CountryCode", "FileLinks", "Attributes",
    ]
    static let contactFields = ["FirstName", "LastName", "Email", "PhoneNumber", "ContactId", "Organization"]

    enum PartnerCenterSeverity: String, ContractEnum {
        case critical, moderate, minimal

        var severity: Severity {
            switch self {
            case .critical: .a
            case .moderate: .b
            case .minimal: .c
            }
        }
    }

    static func read(_ raw: JSONObject, at pointer: JSONPointer, agentLocale: String?, reader: inout SchemaReader) -> TicketPayload? {
        let request = canonicalized(raw, names: fields, at: pointer, context: "\"serviceRequest\"", reader: &reader)
        for key in ["Title", "Description"] {
            _ = reader.string(request, key, at: pointer, required: true)
        }
        readSupportTopic(request, at: pointer, reader: &reader)
        if let id = request["Id"], !id.isNull {
            reader.fail(pointer.appending(originalKey("Id", in: raw)), "\"Id\" is assigned by Partner Center when the request is created",
                        remedy: "Set \"Id\" to null or remove it.")
        }
        if let attributes = reader.object(request, "Attributes", at: pointer, required: false),
           let type = attributes.members.first(where: { CaseInsensitiveName.equal($0.key, "ObjectType") })?.value.stringValue,
           !CaseInsensitiveName.equal(type, "ServiceRequest") {
            reader.fail(pointer.appending(originalKey("Attributes", in: raw)), "\"Attributes.ObjectType\" is \"\(type)\", not \"ServiceRequest\"",
                        remedy: "Set \"ObjectType\": \"ServiceRequest\" or remove \"Attributes\".")
        }
        let severity = readSeverity(request, raw: raw, at: pointer, reader: &reader)
        let emails = readContact(request, raw: raw, at: pointer, reader: &reader)
        guard let severity else { return nil }
        return TicketPayload(
            target: .partnerCenter, body: .object(raw), severity: severity.severity,
            severityField: pointer.appending(originalKey("Severity", in: raw)), contactEmails: emails,
            supportLanguage: agentLocale ?? "en-US",
            supportLanguageField: agentLocale == nil ? nil : JSONPointer.root.appending("agentLocale"),
            require24x7Response: nil)
    }

    /// Re-keys the object by the canonical names so the readers can look them up.
    private static func canonicalized(_ object: JSONObject, names: [String], at pointer: JSONPointer, context: String, reader: inout SchemaReader) -> JSONObject {
        var result = JSONObject()
        var seen: [String: String] = [:]
        for member in object.members {
            guard let name = names.first(where: { CaseInsensitiveName.equal($0, member.key) }) else {
                reader.rejectUnknownKeys(in: JSONObject([member]), at: pointer, allowed: names, context: context)
                continue
            }
            if let earlier = seen[name] {
                reader.fail(pointer.appending(member.key), "\"\(member.key)\" and \"\(earlier)\" are the same field to Partner Center, which ignores case",
                            remedy: "Keep one of them.")
                continue
            }
            seen[name] = member.key
            result[name] = member.value
        }
        return result
    }

    private static func originalKey(_ name: String, in object: JSONObject) -> String {
        object.members.first { CaseInsensitiveName.equal($0.key, name) }?.key ?? name
    }

    private static func readSeverity(_ request: JSONObject, raw: JSONObject, at pointer: JSONPointer, reader: inout SchemaReader) -> PartnerCenterSeverity? {
        guard let text = reader.string(request, "Severity", at: pointer, required: true) else { return nil }
        return reader.enumeration(PartnerCenterSeverity.self, text.lowercased(), key: "Severity",
                                  at: pointer.appending(originalKey("Severity", in: raw)))
    }

    private static func readSupportTopic(_ request: JSONObject, at pointer: JSONPointer, reader: inout SchemaReader) {
        guard let topic = reader.value(request, "SupportTopicId", at: pointer, required: true, expected: "the numeric id of a support topic") else { return }
        let text = topic.stringValue ?? topic.numberValue.flatMap { $0.isInteger ? $0.text : nil }
        guard let text, !text.isEmpty, text.allSatisfy(\.isASCIILetterOrDigit), text.allSatisfy(\.isNumber) else {
            reader.fail(pointer.appending("SupportTopicId"), "\"SupportTopicId\" must be the numeric id of a support topic, e.g. \"32444671\"",
                        remedy: "Take the id from Partner Center's list of support topics.")
            return
        }
    }

    private static func readContact(_ request: JSONObject, raw: JSONObject, at pointer: JSONPointer, reader: inout SchemaReader) -> [ContactEmail] {
        guard let contact = request["PrimaryContact"], !contact.isNull else {
            return []  // Partner Center makes the signed-in partner agent the contact.
        }
        let contactPointer = pointer.appending(originalKey("PrimaryContact", in: raw))
        guard let rawContact = contact.objectValue else {
            reader.wrongType(contactPointer, "PrimaryContact", expected: "an object or null", found: contact)
            return []
        }
        let fields = canonicalized(rawContact, names: contactFields, at: contactPointer, context: "\"PrimaryContact\"", reader: &reader)
        for key in ["FirstName", "LastName", "PhoneNumber"] {
            _ = reader.string(fields, key, at: contactPointer, required: false)
        }
        guard let email = reader.string(fields, "Email", at: contactPointer, required: true) else { return [] }
        return reader.email(email, at: contactPointer.appending(originalKey("Email", in: rawContact))).map { [$0] } ?? []
    }
}
