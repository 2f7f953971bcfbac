import BusinessCalendar
import Foundation
import StrictJSON
import SupportGateCore
import SupportGateFiling

/// One accepted result the forwarder may file: what §8 needs of it, read from the gate's
/// result file (contract §2) with StrictJSON. Anything else on a shelf (a rejection, a
/// result without a submission, a draft id that does not match its file name) is refused
/// with a reason, never guessed at.
public struct AcceptedResult: Sendable, Hashable {
    public let draftId: String
    public let decisionId: String
    public let partnerTenantId: String
    public let customerTenantId: String?
    public let decidedAt: Timestamp
    public let decidedAtText: String
    public let target: FilingTarget
    public let cloud: String
    /// `submission.path` (Azure), e.g. `/subscriptions/…/supportTickets/{name}?api-version=…`.
    public let path: String
    /// `submission.body`: the Azure ticket, or the Partner Center service request.
    public let body: JSONValue
    /// The `{name}` in the path (Azure); nil for Partner Center.
    public let ticketName: String?

    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// `expectedDraftId`: the stem of the file's name; `partner`: the shelf it is on.
    public static func parse(_ bytes: [UInt8], expectedDraftId: String, partner: String) -> Result<AcceptedResult, Refusal> {
        let object: JSONObject
        do {
            object = try JSONParser.parseObject(bytes)
        } catch {
            return .failure(Refusal(message: "not a JSON object: \(error)"))
        }
        func text(_ key: String) -> String? { object[key]?.stringValue }
        guard text("decision") == "accept" else { return .failure(Refusal(message: "/decision is not \"accept\"")) }
        guard let draftId = text("draftId"), draftId == expectedDraftId else {
            return .failure(Refusal(message: "/draftId does not match the file's name"))
        }
        guard let decisionId = text("decisionId"), !decisionId.isEmpty else { return .failure(Refusal(message: "/decisionId is missing")) }
        guard let partnerText = text("partnerTenantId"), let partnerID = TenantGUID(partnerText), partnerID.description == partner else {
            return .failure(Refusal(message: "/partnerTenantId is not the shelf's partner"))
        }
        var customer: String?
        if let customerText = text("customerTenantId"), text("context") == "customer" {
            guard let customerID = TenantGUID(customerText) else { return .failure(Refusal(message: "/customerTenantId is not a tenant id")) }
            customer = customerID.description
        }
        guard let decidedText = text("decidedAt"), let decidedAt = Timestamp.parseRFC3339(decidedText) else {
            return .failure(Refusal(message: "/decidedAt is not an RFC 3339 time"))
        }
        guard let submission = object["submission"]?.objectValue else { return .failure(Refusal(message: "/submission is missing")) }
        guard let targetText = submission["target"]?.stringValue, let target = FilingTarget(rawValue: targetText) else {
            return .failure(Refusal(message: "/submission/target is not one of \(FilingTarget.allCases.map(\.rawValue))"))
        }
        guard let body = submission["body"], body.objectValue != nil else { return .failure(Refusal(message: "/submission/body is not an object")) }
        let cloud = submission["cloud"]?.stringValue ?? "public"
        guard MicrosoftEndpoints.defaults(cloud: cloud) != nil else { return .failure(Refusal(message: "/submission/cloud \"\(cloud)\" is not a cloud the forwarder knows")) }
        let path = submission["path"]?.stringValue ?? ""
        var ticketName: String?
        if target == .azureSupportAPI {
            guard submission["method"]?.stringValue == "PUT", let name = Self.ticketName(inPath: path) else {
                return .failure(Refusal(message: "/submission/path is not a PUT of a support ticket"))
            }
            ticketName = name
        }
        return .success(AcceptedResult(draftId: draftId, decisionId: decisionId, partnerTenantId: partner, customerTenantId: customer,
                                       decidedAt: decidedAt, decidedAtText: decidedText, target: target, cloud: cloud, path: path,
                                       body: body, ticketName: ticketName))
    }

    /// The `{name}` of `…/providers/Microsoft.Support/supportTickets/{name}?api-version=…`:
    /// letters, digits, `-`, `_` only, so the path cannot be bent elsewhere.
    static func ticketName(inPath path: String) -> String? {
        guard path.hasPrefix("/"), !path.contains("/../"), !path.contains("#") else { return nil }
        let marker = "/providers/Microsoft.Support/supportTickets/"
        guard let range = path.range(of: marker) else { return nil }
        let rest = path[range.upperBound...]
        let name = rest.prefix { $0 != "?" }
        guard !name.isEmpty, name.count <= 128,
              name.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "-" || $0 == "_" || ("0"..."9").contains($0) }),
              rest.dropFirst(name.count).hasPrefix("?api-version=") else { return nil }
        return String(name)
    }

    /// The request the gateway sends.
    public func azureRequest(endpoints: MicrosoftEndpoints) -> AzureTicketRequest? {
        guard let ticketName else { return nil }
        return AzureTicketRequest(partnerTenantId: partnerTenantId, customerTenantId: customerTenantId, endpoints: endpoints, path: path,
                                  body: Array(JSONWriter.compact(body).utf8), ticketName: ticketName)
    }

    /// A new record for this result, before anything is sent.
    public func freshRecord() -> FilingRecord {
        FilingRecord(draftId: draftId, decisionId: decisionId, target: target, state: .pending, ticketName: ticketName,
                     partnerTenantId: partnerTenantId, customerTenantId: customerTenantId, cloud: cloud, decidedAt: decidedAtText)
    }
}
