import StrictJSON

/// Which ticket body a product takes, and the checks on the other one.
enum PayloadSchema {
    /// `azureScope`: where an Azure ticket would be created (nil when the category is unreadable).
    static func read(_ draft: JSONObject, product: Product, azureScope: AzureTicketScope?, reader: inout SchemaReader) -> TicketPayload? {
        let root = JSONPointer.root
        let hasAzure = draft["azureTicket"].map { !$0.isNull } ?? false
        let hasServiceRequest = draft["serviceRequest"].map { !$0.isNull } ?? false
        let hasLocale = draft["agentLocale"].map { !$0.isNull } ?? false
        switch product {
        case .azure:
            if hasServiceRequest {
                reader.fail(root.appending("serviceRequest"), "an Azure request carries \"azureTicket\", not \"serviceRequest\"",
                            remedy: "Remove \"serviceRequest\"; put the Azure Support API create body in \"azureTicket\".")
            }
            if hasLocale {
                reader.fail(root.appending("agentLocale"), "\"agentLocale\" is for Partner Center service requests; Azure takes the language from contactDetails.preferredSupportLanguage",
                            remedy: "Remove \"agentLocale\".")
            }
            guard let ticket = reader.object(draft, "azureTicket", at: root, required: true) else { return nil }
            return AzureTicketSchema.read(ticket, scope: azureScope, reader: &reader)
        case .office365, .dynamics365, .ems:
            if hasAzure {
                reader.fail(root.appending("azureTicket"), "a request for \(product.rawValue) carries \"serviceRequest\", not \"azureTicket\"",
                            remedy: "Remove \"azureTicket\"; put the Partner Center service request in \"serviceRequest\".")
            }
            let locale = reader.string(draft, "agentLocale", at: root, required: false)
            if let locale, !LanguageTag.isWellFormed(locale) {
                reader.fail(root.appending("agentLocale"), "\"agentLocale\" \"\(locale)\" is not a language tag such as \"en-US\"",
                            remedy: "Give a BCP 47 language tag, e.g. \"en-US\", \"ja-JP\".")
            }
            guard let request = reader.object(draft, "serviceRequest", at: root, required: true) else { return nil }
            return ServiceRequestSchema.read(request, at: DraftField.serviceRequest, agentLocale: locale, reader: &reader)
        case .marketplace:
            // Rejected by rule 4 whatever it carries; nothing to submit.
            return nil
        }
    }
}
