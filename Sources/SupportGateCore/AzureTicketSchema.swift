import BusinessCalendar
import StrictJSON

/// The Azure Support API create body (`SupportTicketDetails`, api-version
/// 2024-04-01; the 2020-04-01 shape is nearly a subset), checked field by field,
/// and the api-version it is valid for.
enum AzureTicketSchema {
    static let writableProperties = [
        "serviceId", "title", "description", "problemClassificationId", "severity", "contactDetails",
        "advancedDiagnosticConsent", "supportTicketId", "enrollmentId", "require24X7Response",
        "problemScopingQuestions", "supportPlanId", "problemStartTime", "fileWorkspaceName",
        "technicalTicketDetails", "quotaTicketDetails", "secondaryConsent",
    ]
    /// Set by Azure; a create body that carries them was copied from a response.
    static let readOnlyProperties = [
        "problemClassificationDisplayName", "supportPlanType", "supportPlanDisplayName", "serviceDisplayName",
        "status", "createdDate", "modifiedDate", "serviceLevelAgreement", "supportEngineer",
    ]
    static let contactFields = [
        "firstName", "lastName", "preferredContactMethod", "primaryEmailAddress", "additionalEmailAddresses",
        "phoneNumber", "preferredTimeZone", "country", "preferredSupportLanguage",
    ]

    enum AzureSeverity: String, ContractEnum {
        case minimal, moderate, critical, highestcriticalimpact

        var severity: Severity {
            switch self {
            case .minimal: .c
            case .moderate: .b
            case .critical: .a
            case .highestcriticalimpact: .aPlus
            }
        }
    }

    enum Consent: String, ContractEnum { case yes = "Yes", no = "No" }
    enum ContactMethod: String, ContractEnum { case email, phone }

    /// The body in the draft's "azureTicket" (the pointers are built once, in DraftField).
    /// `scope` is where the ticket would be created, nil when the category is unreadable.
    static func read(_ ticket: JSONObject, scope: AzureTicketScope?, reader: inout SchemaReader) -> TicketPayload? {
        let pointer = DraftField.azureTicket
        rejectNulls(in: .object(ticket), at: pointer, reader: &reader)
        reader.rejectUnknownKeys(in: ticket, at: pointer, allowed: ["properties"], context: "\"azureTicket\" (the create body is { \"properties\": { … } })")
        let propertiesPointer = DraftField.azureProperties
        guard let properties = reader.object(ticket, "properties", at: pointer, required: true) else { return nil }

        for key in properties.keys where readOnlyProperties.contains(where: { JSONObject.keysEqual($0, key) }) {
            reader.fail(propertiesPointer.appending(key), "\"\(key)\" is read-only in the Azure Support API; Azure sets it",
                        remedy: "Remove \"\(key)\": a create body does not carry it.")
        }
        let unknown = JSONObject(properties.members.filter { member in !readOnlyProperties.contains { JSONObject.keysEqual($0, member.key) } })
        reader.rejectUnknownKeys(in: unknown, at: propertiesPointer, allowed: writableProperties, context: "\"azureTicket.properties\"")

        for key in ["serviceId", "title", "description", "problemClassificationId"] {
            _ = reader.string(properties, key, at: propertiesPointer, required: true)
        }
        for key in ["supportTicketId", "enrollmentId", "problemScopingQuestions", "supportPlanId", "fileWorkspaceName"] {
            _ = reader.string(properties, key, at: propertiesPointer, required: false)
        }
        let severity = reader.enumeration(AzureSeverity.self, properties, "severity", at: propertiesPointer, required: true)
        _ = reader.enumeration(Consent.self, properties, "advancedDiagnosticConsent", at: propertiesPointer, required: false)
        let require24x7 = reader.bool(properties, "require24X7Response", at: propertiesPointer)
        if let start = reader.string(properties, "problemStartTime", at: propertiesPointer, required: false),
           Timestamp.parseRFC3339(start) == nil {
            reader.fail(propertiesPointer.appending("problemStartTime"), "\"problemStartTime\" \"\(start)\" is not an RFC 3339 date-time",
                        remedy: "Write it like \"2026-11-26T09:30:00Z\".")
        }
        let resourceIds = readTechnicalDetails(properties, reader: &reader) + readQuotaDetails(properties, reader: &reader)
        readSecondaryConsent(properties, at: propertiesPointer, reader: &reader)
        let contact = readContact(properties, reader: &reader)
        let version = apiVersion(for: properties, scope: scope, reader: &reader)

        guard let severity, let contact, let version else { return nil }
        return TicketPayload(
            target: .azureSupportAPI, body: .object(ticket), azureAPIVersion: version, severity: severity.severity,
            severityField: DraftField.azureSeverity, contactEmails: contact.emails,
            supportLanguage: contact.language,
            supportLanguageField: DraftField.azurePreferredSupportLanguage,
            require24x7Response: require24x7, resourceIds: resourceIds)
    }

    /// 2024-04-01 when the body gives `advancedDiagnosticConsent`, which that version
    /// requires. Without it, 2020-04-01 when the body fits that version and the ticket
    /// is created at subscription scope (2020-04-01 has no tenant-scope create);
    /// otherwise a finding that asks for the consent.
    private static func apiVersion(for properties: JSONObject, scope: AzureTicketScope?, reader: inout SchemaReader) -> AzureAPIVersion? {
        let consent = "advancedDiagnosticConsent"
        if properties[consent] != nil { return .v2024_04_01 }
        let why: String
        if let newer = properties.keys.first(where: { key in AzureAPIVersion.propertiesNewIn2024.contains { JSONObject.keysEqual($0, key) } }) {
            why = "the body uses \"\(newer)\", which api-version 2020-04-01 does not have"
        } else if let readOnly = properties.keys.first(where: { key in AzureAPIVersion.propertiesReadOnlyIn2020.contains { JSONObject.keysEqual($0, key) } }) {
            why = "the body sets \"\(readOnly)\", which is read-only in api-version 2020-04-01"
        } else if scope == .tenant {
            why = "this request is created at tenant scope, which api-version 2020-04-01 does not offer"
        } else {
            return .v2020_04_01
        }
        reader.fail(DraftField.azureProperties.appending(consent),
                    "required field \"\(consent)\" is missing: api-version 2024-04-01 requires it, and 2020-04-01 cannot take this ticket either (\(why))",
                    remedy: "Add \"\(consent)\": \"Yes\" or \"No\" to azureTicket.properties: whether Microsoft may collect diagnostic information from the affected Azure resources.")
        return nil
    }

    /// The Azure Support API takes no nulls: every property is a string, a boolean,
    /// an object or an array, or absent.
    private static func rejectNulls(in value: JSONValue, at pointer: JSONPointer, reader: inout SchemaReader) {
        if let object = value.objectValue {
            for member in object.members {
                let field = pointer.appending(member.key)
                if member.value.isNull {
                    reader.fail(field, "\"\(member.key)\" is null; the Azure Support API takes no nulls",
                                remedy: "Remove \"\(member.key)\", or give it a value.")
                } else {
                    rejectNulls(in: member.value, at: field, reader: &reader)
                }
            }
        } else if let items = value.arrayValue {
            for (index, item) in items.enumerated() {
                if item.isNull {
                    reader.fail(pointer.appending(index), "item \(index) is null; the Azure Support API takes no nulls",
                                remedy: "Remove the null item.")
                } else {
                    rejectNulls(in: item, at: pointer.appending(index), reader: &reader)
                }
            }
        }
    }

    private static func readContact(_ properties: JSONObject, reader: inout SchemaReader) -> (emails: [ContactEmail], language: String)? {
        let pointer = DraftField.azureProperties
        let contactPointer = DraftField.azureContactDetails
        guard let contact = reader.object(properties, "contactDetails", at: pointer, required: true) else { return nil }
        reader.rejectUnknownKeys(in: contact, at: contactPointer, allowed: contactFields, context: "\"contactDetails\"")
        for key in ["firstName", "lastName", "preferredTimeZone", "country"] {
            _ = reader.string(contact, key, at: contactPointer, required: true)
        }
        let method = reader.enumeration(ContactMethod.self, contact, "preferredContactMethod", at: contactPointer, required: true)
        let phone = reader.string(contact, "phoneNumber", at: contactPointer, required: false)
        if method == .phone, phone == nil, contact["phoneNumber"] == nil {
            reader.missing(contactPointer.appending("phoneNumber"), "phoneNumber", expected: "required when preferredContactMethod is \"phone\"")
        }
        let language = reader.string(contact, "preferredSupportLanguage", at: contactPointer, required: true)
        if let language, !LanguageTag.isWellFormed(language) {
            reader.fail(DraftField.azurePreferredSupportLanguage, "\"preferredSupportLanguage\" \"\(language)\" is not a language tag such as \"en-US\"",
                        remedy: "Give a language tag that Azure support offers, e.g. \"en-US\" or \"ja-JP\".")
        }
        var addresses: [(String, JSONPointer)] = []
        if let primary = reader.string(contact, "primaryEmailAddress", at: contactPointer, required: true) {
            addresses.append((primary, DraftField.azurePrimaryEmailAddress))
        }
        addresses += reader.strings(contact, "additionalEmailAddresses", at: contactPointer)
        let emails = addresses.compactMap { reader.email($0.0, at: $0.1) }
        guard let language else { return nil }
        return (emails, language)
    }

    /// The resource id, if the body names one. Whatever it is, it is one: the rules check
    /// that it lies in the draft's subscription.
    private static func readTechnicalDetails(_ properties: JSONObject, reader: inout SchemaReader) -> [ResourceReference] {
        let pointer = DraftField.azureProperties
        let detailsPointer = DraftField.azureTechnicalTicketDetails
        guard let details = reader.object(properties, "technicalTicketDetails", at: pointer, required: false) else { return [] }
        reader.rejectUnknownKeys(in: details, at: detailsPointer, allowed: ["resourceId"], context: "\"technicalTicketDetails\"")
        guard let resourceId = reader.string(details, "resourceId", at: detailsPointer, required: false) else { return [] }
        return [ResourceReference(id: resourceId, field: resourceIdField, payloadPointer: nil)]
    }

    /// Built once, like DraftField's pointers: most technical tickets name a resource.
    private static let resourceIdField = DraftField.azureTechnicalTicketDetails.appending("resourceId")

    /// The resource ids in the quota change requests' payloads.
    private static func readQuotaDetails(_ properties: JSONObject, reader: inout SchemaReader) -> [ResourceReference] {
        let pointer = DraftField.azureProperties
        let detailsPointer = DraftField.azureQuotaTicketDetails
        guard let details = reader.object(properties, "quotaTicketDetails", at: pointer, required: false) else { return [] }
        reader.rejectUnknownKeys(in: details, at: detailsPointer,
                                 allowed: ["quotaChangeRequestSubType", "quotaChangeRequestVersion", "quotaChangeRequests"],
                                 context: "\"quotaTicketDetails\"")
        _ = reader.string(details, "quotaChangeRequestSubType", at: detailsPointer, required: false)
        _ = reader.string(details, "quotaChangeRequestVersion", at: detailsPointer, required: false)
        var resourceIds: [ResourceReference] = []
        for (index, item) in (reader.array(details, "quotaChangeRequests", at: detailsPointer) ?? []).enumerated() {
            let itemPointer = detailsPointer.appending("quotaChangeRequests").appending(index)
            guard let request = item.objectValue else {
                reader.fail(itemPointer, "a quota change request must be an object, not \(item.typeName)", remedy: "Write { \"region\": …, \"payload\": … }.")
                continue
            }
            reader.rejectUnknownKeys(in: request, at: itemPointer, allowed: ["region", "payload"], context: "a quota change request")
            _ = reader.string(request, "region", at: itemPointer, required: false)
            if let payload = reader.string(request, "payload", at: itemPointer, required: false) {
                resourceIds += Self.resourceIds(inPayload: payload, at: itemPointer.appending("payload"))
            }
        }
        return resourceIds
    }

    private static func readSecondaryConsent(_ properties: JSONObject, at pointer: JSONPointer, reader: inout SchemaReader) {
        for (index, item) in (reader.array(properties, "secondaryConsent", at: pointer) ?? []).enumerated() {
            let itemPointer = pointer.appending("secondaryConsent").appending(index)
            guard let consent = item.objectValue else {
                reader.fail(itemPointer, "a secondary consent must be an object, not \(item.typeName)", remedy: "Write { \"userConsent\": \"Yes\", \"type\": … }.")
                continue
            }
            reader.rejectUnknownKeys(in: consent, at: itemPointer, allowed: ["userConsent", "type"], context: "a secondary consent")
            _ = reader.enumeration(Consent.self, consent, "userConsent", at: itemPointer, required: false)
            _ = reader.string(consent, "type", at: itemPointer, required: false)
        }
    }

    /// The resource ids in a quota change request's payload. A payload that is JSON (it
    /// normally is: e.g. {"SKU":"DSv3 Series","NewLimit":104}) names one in every string
    /// value in it that starts with "/subscriptions/", in any letter case. Any other
    /// payload names one at every "/subscriptions/" in its text, up to the next space,
    /// control character, quote, comma, semicolon, bracket, "|" or backslash.
    static func resourceIds(inPayload payload: String, at field: JSONPointer) -> [ResourceReference] {
        let bytes = Array(payload.utf8)
        let inText = resourceIds(inText: bytes, at: field)
        // Without a backslash, a JSON string cannot hide "/subscriptions/" behind an escape.
        if inText.isEmpty, !bytes.contains(UInt8(ascii: "\\")) { return [] }
        guard let json = try? JSONParser.parse(bytes) else { return inText }
        var found: [ResourceReference] = []
        collectResourceIds(in: json, at: .root, field: field, into: &found)
        return found
    }

    private static func collectResourceIds(in value: JSONValue, at pointer: JSONPointer, field: JSONPointer, into found: inout [ResourceReference]) {
        switch value {
        case .string(let text):
            if ResourceReference.startsWithSubscriptions(text.utf8) {
                found.append(ResourceReference(id: text, field: field, payloadPointer: pointer))
            }
        case .array(let items):
            for (index, item) in items.enumerated() {
                collectResourceIds(in: item, at: pointer.appending(index), field: field, into: &found)
            }
        case .object(let object):
            for member in object.members {
                collectResourceIds(in: member.value, at: pointer.appending(member.key), field: field, into: &found)
            }
        case .null, .bool, .number:
            break
        }
    }

    /// Each distinct id in text that is not JSON, judged (like an id in JSON) by where it starts.
    private static func resourceIds(inText bytes: [UInt8], at field: JSONPointer) -> [ResourceReference] {
        var found: [ResourceReference] = []
        var seen: Set<String> = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "/"), ResourceReference.startsWithSubscriptions(bytes[index...]) else {
                index += 1
                continue
            }
            var end = index + 1
            while end < bytes.count, !endsResourceId(bytes[end]) { end += 1 }
            let id = String(decoding: bytes[index..<end], as: UTF8.self)
            if seen.insert(id).inserted {
                found.append(ResourceReference(id: id, field: field, payloadPointer: nil))
            }
            index = end
        }
        return found
    }

    private static let resourceIdDelimiters = Array("\"'`,;()[]{}<>|\\".utf8)

    /// Control characters, spaces, quotes and the punctuation that delimits an id in prose or markup.
    private static func endsResourceId(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte == 0x7F || resourceIdDelimiters.contains(byte)
    }
}
