import StrictJSON

/// Rule 1 on bytes already read: strict JSON, version, schema.
/// Pure: the caller reads the file (and enforces the size limit first).
public enum DraftParser {
    public static let apiVersion = "supportgate/v1"

    public static let topLevelFields = [
        "apiVersion", "draftId", "partnerTenantId", "customerTenantId", "cloud", "via", "channel",
        "product", "category", "breakFix", "entitlement", "azureSubscriptionId", "escalation",
        "azureTicket", "serviceRequest", "agentLocale",
    ]

    public enum Outcome: Sendable {
        case parsed(Draft)
        /// Rejected in rule 1. `draftId` is the draft's own id when it could be read.
        case rejected(draftId: String?, findings: [Finding])
    }

    public static func parse(_ bytes: [UInt8]) -> Outcome {
        bytes.withUnsafeBytes { parse($0) }
    }

    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        let root: JSONValue
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            return .rejected(draftId: nil, findings: [malformed(error)])
        }
        guard let object = root.objectValue else {
            return .rejected(draftId: nil, findings: [Finding(
                .draftMalformedJSON, "the draft is a JSON \(root.typeName), not an object",
                field: .root, rule: .readJSON, remedy: "Write the draft as one JSON object { … }.")])
        }
        let ownId = validDraftId(object["draftId"])
        if let version = versionFinding(object) {
            return .rejected(draftId: ownId, findings: [version])
        }
        var reader = SchemaReader()
        let draft = readDraft(object, reader: &reader)
        guard let draft, reader.isValid else {
            return .rejected(draftId: ownId, findings: reader.findings)
        }
        return .parsed(draft)
    }

    static func malformed(_ error: JSONParseError) -> Finding {
        let remedy: String
        switch error.kind {
        case .invalidUTF8, .utf16Or32Encoding:
            return Finding(.draftUnreadable, "the draft is not UTF-8: \(error.description)",
                           rule: .readFile, remedy: "Save the draft as UTF-8.")
        case .duplicateKey:
            remedy = "Keep one occurrence of the key and remove the others."
        case .nestingTooDeep(let limit):
            remedy = "Flatten the draft: it may nest objects and arrays at most \(limit) deep."
        default:
            remedy = "Fix the JSON syntax at the place named; a JSON validator shows the same position."
        }
        return Finding(.draftMalformedJSON, error.description, field: error.pointer, rule: .readJSON, remedy: remedy)
    }

    private static func versionFinding(_ object: JSONObject) -> Finding? {
        let field = DraftField.apiVersion
        guard let value = object["apiVersion"] else {
            return Finding(.draftUnsupportedVersion, "\"apiVersion\" is missing", field: field, rule: .readVersion,
                           remedy: "Add \"apiVersion\": \"\(apiVersion)\".")
        }
        guard value.stringValue == apiVersion else {
            let shown = value.stringValue.map { "\"\($0)\"" } ?? value.typeName
            return Finding(.draftUnsupportedVersion, "\"apiVersion\" is \(shown); this gate reads \"\(apiVersion)\"",
                           field: field, rule: .readVersion, remedy: "Set \"apiVersion\": \"\(apiVersion)\".")
        }
        return nil
    }

    /// `[A-Za-z0-9._-]{1,64}`
    public static func isValidDraftId(_ text: String) -> Bool {
        let bytes = text.utf8
        guard (1...64).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }

    private static func validDraftId(_ value: JSONValue?) -> String? {
        guard let text = value?.stringValue, isValidDraftId(text) else { return nil }
        return text
    }

    private static func readDraft(_ object: JSONObject, reader: inout SchemaReader) -> Draft? {
        let root = JSONPointer.root
        reader.rejectUnknownKeys(in: object, at: root, allowed: topLevelFields, context: "the draft")
        let draftId = reader.string(object, "draftId", at: root, required: false, nonEmpty: false)
        if let draftId, !isValidDraftId(draftId) {
            reader.fail(root.appending("draftId"), "\"draftId\" \"\(draftId.prefix(80))\" is not 1–64 characters of A–Z, a–z, 0–9, '.', '_' or '-'",
                        remedy: "Use only letters, digits, '.', '_' and '-' in \"draftId\", at most 64 of them.")
        }
        let partner = reader.guid(object, "partnerTenantId", at: root, required: true)
        let customer = reader.guid(object, "customerTenantId", at: root, required: false)
        let cloud = reader.enumeration(Cloud.self, object, "cloud", at: root, required: false) ?? .public
        let via = reader.enumeration(Via.self, object, "via", at: root, required: false) ?? .partnerCenter
        let channel = reader.enumeration(Channel.self, object, "channel", at: root, required: false) ?? .web
        let product = reader.enumeration(Product.self, object, "product", at: root, required: true)
        let category = reader.enumeration(Category.self, object, "category", at: root, required: true)
        let breakFix = reader.bool(object, "breakFix", at: root)
        if breakFix == true, let category, category != .technical {
            reader.fail(root.appending("breakFix"), "\"breakFix\" is true but the category is \"\(category.rawValue)\"; only technical requests are break-fix",
                        remedy: "Remove \"breakFix\" or set \"category\": \"technical\".")
        }
        let entitlement = readEntitlement(object, reader: &reader)
        let subscription = reader.guid(object, "azureSubscriptionId", at: root, required: false)
        if product == .azure, let category, category == .technical || category == .quota, subscription == nil,
           object["azureSubscriptionId"] == nil || object["azureSubscriptionId"]?.isNull == true {
            reader.missing(root.appending("azureSubscriptionId"), "azureSubscriptionId",
                           expected: "the GUID of the subscription an Azure \(category.rawValue) request is about")
        }
        let escalationConfirmed = readEscalation(object, reader: &reader)
        let azureScope = category.map { AzureTicketScope.of(category: $0, subscription: subscription) }
        let payload = product.map { PayloadSchema.read(object, product: $0, azureScope: azureScope, reader: &reader) } ?? nil
        guard let partner, let product, let category else { return nil }
        return Draft(
            draftId: draftId, partnerTenantId: partner, customerTenantId: customer, cloud: cloud, via: via,
            channel: channel, product: product, category: category, breakFix: breakFix ?? (category == .technical),
            entitlement: entitlement, azureSubscriptionId: subscription,
            escalationConfirmed: escalationConfirmed, payload: payload)
    }

    private static func readEntitlement(_ object: JSONObject, reader: inout SchemaReader) -> EntitlementClaim {
        let pointer = DraftField.entitlement
        guard let claim = reader.object(object, "entitlement", at: .root, required: false) else { return .defaultCSP }
        reader.rejectUnknownKeys(in: claim, at: pointer, allowed: ["kind", "id"], context: "\"entitlement\"")
        let kind = reader.enumeration(EntitlementKind.self, claim, "kind", at: pointer, required: true) ?? .csp
        let id = reader.string(claim, "id", at: pointer, required: false)
        if kind == .csp, id != nil {
            reader.fail(pointer.appending("id"), "the Cloud Solution Provider plan has no id, but \"id\" is given",
                        remedy: "Remove \"entitlement.id\", or name the kind of the entitlement the id belongs to.")
        }
        return EntitlementClaim(kind: kind, id: id, isExplicit: true)
    }

    private static func readEscalation(_ object: JSONObject, reader: inout SchemaReader) -> Bool {
        let pointer = DraftField.escalation
        guard let escalation = reader.object(object, "escalation", at: .root, required: false) else { return false }
        reader.rejectUnknownKeys(in: escalation, at: pointer, allowed: ["troubleshooted", "reason"], context: "\"escalation\"")
        _ = reader.string(escalation, "reason", at: pointer, required: false, nonEmpty: false)
        guard escalation["troubleshooted"] != nil else {
            reader.missing(pointer.appending("troubleshooted"), "troubleshooted", expected: "true or false")
            return false
        }
        return reader.bool(escalation, "troubleshooted", at: pointer) ?? false
    }
}
