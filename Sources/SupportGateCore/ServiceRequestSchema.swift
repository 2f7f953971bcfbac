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

    /// Set by Partner Center on a request that exists; a create leaves them out or null.
    static let notForCreate = ["Id", "LastUpdatedBy", "NewNote", "Notes"]
    static let optionalStrings = ["SupportTopicName", "ProductName", "ProductId", "CountryCode", "CreatedDate", "LastModifiedDate", "LastClosedDate"]
    static let organizationFields = ["Id", "Name", "PhoneNumber"]

    static func read(_ raw: JSONObject, at pointer: JSONPointer, agentLocale: String?, reader: inout SchemaReader) -> TicketPayload? {
        let request = canonicalized(raw, names: fields, at: pointer, context: "\"serviceRequest\"", reader: &reader)
        for key in ["Title", "Description"] {
            _ = reader.string(request, key, at: pointer, required: true)
        }
        readSupportTopic(request, at: pointer, reader: &reader)
        for key in notForCreate {
            if let value = request[key], !value.isNull {
                reader.fail(pointer.appending(originalKey(key, in: raw)), "\"\(key)\" is set by Partner Center on a request that exists; a create does not carry it",
                            remedy: "Set \"\(key)\" to null or remove it.")
            }
        }
        for key in optionalStrings {
            _ = reader.string(request, key, at: pointer, required: false, nonEmpty: false)
        }
        if let status = reader.string(request, "Status", at: pointer, required: false, nonEmpty: false), !CaseInsensitiveName.equal(status, "none") {
            reader.fail(pointer.appending(originalKey("Status", in: raw)), "\"Status\" is \"\(status)\"; a new request has status \"none\" until Partner Center opens it",
                        remedy: "Set \"Status\" to \"none\", or to null, or remove it.")
        }
        if let links = request["FileLinks"], !links.isNull, links.arrayValue == nil {
            reader.wrongType(pointer.appending(originalKey("FileLinks", in: raw)), "FileLinks", expected: "an array or null", found: links)
        }
        readOrganization(request, raw: raw, at: pointer, reader: &reader)
        readAttributes(request, raw: raw, at: pointer, reader: &reader)
        let severity = readSeverity(request, raw: raw, at: pointer, reader: &reader)
        let emails = readContact(request, raw: raw, at: pointer, reader: &reader)
        guard let severity else { return nil }
        return TicketPayload(
            target: .partnerCenter, body: .object(raw), azureAPIVersion: nil, severity: severity.severity,
            severityField: pointer.appending(originalKey("Severity", in: raw)), contactEmails: emails,
            supportLanguage: agentLocale ?? "en-US",
            supportLanguageField: agentLocale == nil ? nil : JSONPointer.root.appending("agentLocale"),
            require24x7Response: nil)
    }

    /// `Organization`, in the request or in its contact: a ServiceRequestOrganization or null.
    private static func readOrganization(_ object: JSONObject, raw: JSONObject, at pointer: JSONPointer, reader: inout SchemaReader) {
        guard let value = object["Organization"], !value.isNull else { return }
        let field = pointer.appending(originalKey("Organization", in: raw))
        guard let organization = value.objectValue else {
            reader.wrongType(field, "Organization", expected: "an object (Id, Name, PhoneNumber) or null", found: value)
            return
        }
        let fields = canonicalized(organization, names: organizationFields, at: field, context: "\"Organization\"", reader: &reader)
        for key in organizationFields {
            _ = reader.string(fields, key, at: field, required: false, nonEmpty: false)
        }
    }

    private static func readAttributes(_ request: JSONObject, raw: JSONObject, at pointer: JSONPointer, reader: inout SchemaReader) {
        guard let attributes = reader.object(request, "Attributes", at: pointer, required: false) else { return }
        let field = pointer.appending(originalKey("Attributes", in: raw))
        let canonical = canonicalized(attributes, names: ["ObjectType", "Etag"], at: field, context: "\"Attributes\"", reader: &reader)
        _ = reader.string(canonical, "Etag", at: field, required: false, nonEmpty: false)
        if let type = reader.string(canonical, "ObjectType", at: field, required: false, nonEmpty: false),
           !CaseInsensitiveName.equal(type, "ServiceRequest") {
            reader.fail(field, "\"Attributes.ObjectType\" is \"\(type)\", not \"ServiceRequest\"",
                        remedy: "Set \"ObjectType\": \"ServiceRequest\" or remove \"Attributes\".")
        }
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
        guard let topic = reader.value(request, "SupportTopicId", at: pointer, required: true, expected: "the numeric id of a support topic, as a string") else { return }
        guard let text = topic.stringValue, !text.isEmpty, text.allSatisfy(\.isASCIILetterOrDigit), text.allSatisfy(\.isNumber) else {
            let shown = topic.numberValue != nil ? " written as a string" : ""
            reader.fail(pointer.appending("SupportTopicId"), "\"SupportTopicId\" must be the numeric id of a support topic\(shown), e.g. \"32444671\"",
                        remedy: "Take the id from Partner Center's list of support topics and write it as a string.")
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
        for key in ["FirstName", "LastName", "PhoneNumber", "ContactId"] {
            _ = reader.string(fields, key, at: contactPointer, required: false)
        }
        readOrganization(fields, raw: rawContact, at: contactPointer, reader: &reader)
        guard let email = reader.string(fields, "Email", at: contactPointer, required: true) else { return [] }
        return reader.email(email, at: contactPointer.appending(originalKey("Email", in: rawContact))).map { [$0] } ?? []
    }
}
