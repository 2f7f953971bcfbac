import StrictJSON
import SupportGateFiling
import Testing

@Suite struct FilingRecordTests {
    static let filed = FilingRecord(
        draftId: "d-1", decisionId: "dec-1", target: .azureSupportAPI, state: .filed,
        ticketName: "2ed6657d-e927-568b-95e1-2665a8aea6a2", ticketId: "2405010010000001", filedAt: "2026-12-07T10:00:00Z",
        attempts: 2, lastError: FilingError(code: "ServiceUnavailable", message: "try later", httpStatus: 503, at: "2026-12-07T09:59:00Z"),
        status: "Open", partnerTenantId: "c0a70500-0000-4000-8000-000000000001", customerTenantId: nil, cloud: "public",
        decidedAt: "2026-12-07T09:58:00Z")

    @Test func aRecordReadsBackAsWritten() throws {
        #expect(try FilingRecord(bytes: Self.filed.bytes) == Self.filed)
        var manual = Self.filed
        manual.target = .partnerCenter
        manual.state = .manual
        manual.ticketName = nil
        manual.manual = ManualFiling(page: "https://partner.microsoft.com/dashboard/support/servicerequests",
                                     serviceRequest: .object(JSONObject([JSONMember(key: "Title", value: .string("Mail down"))])))
        #expect(try FilingRecord(bytes: manual.bytes) == manual)
    }

    @Test func theContractsKeysComeFirstInItsOrder() throws {
        let keys = try JSONParser.parseObject(Self.filed.bytes).keys
        #expect(Array(keys.prefix(10)) == ["draftId", "decisionId", "target", "state", "ticketName", "ticketId", "filedAt", "attempts", "lastError", "status"])
    }

    @Test func aBadRecordNamesItsField() {
        var object = try! JSONParser.parseObject(Self.filed.bytes)
        object["state"] = .string("sent")
        #expect(throws: FilingRecordError(field: "state", message: "not one of \(FilingState.allCases.map(\.rawValue))")) {
            try FilingRecord(bytes: Array(JSONWriter.compact(.object(object)).utf8))
        }
        object["state"] = .string("filed")
        object["attempts"] = .number(JSONNumber(-1))
        #expect(throws: FilingRecordError.self) { try FilingRecord(bytes: Array(JSONWriter.compact(.object(object)).utf8)) }
        var lastError = object["lastError"]!.objectValue!
        object["attempts"] = .number(JSONNumber(1))
        lastError["code"] = nil
        object["lastError"] = .object(lastError)
        #expect(throws: FilingRecordError(field: "lastError/code", message: "missing or not a string")) {
            try FilingRecord(bytes: Array(JSONWriter.compact(.object(object)).utf8))
        }
        #expect(throws: FilingRecordError.self) { try FilingRecord(bytes: Array("[]".utf8)) }
    }

    @Test func openUntilClosedOrRefused() {
        var record = Self.filed
        #expect(record.isOpen)
        record.status = "Closed"
        #expect(!record.isOpen)
        record.state = .pending
        #expect(record.isOpen, "a pending record is open whatever its last status")
        record.state = .rejectedByMicrosoft
        record.status = nil
        #expect(!record.isOpen)
    }

    @Test func aSecretNeverPrints() {
        let canary = "CANARY-7f3e-secret"
        let secret = Secret(canary)
        let credentials = PartnerCredentials(partnerTenantId: "t", clientId: "c", clientSecret: secret, refreshToken: secret)
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in ["\(secret)", String(describing: secret), String(reflecting: secret), "\(credentials)", String(reflecting: credentials), dumped] {
            #expect(!text.contains(canary), "\(text)")
        }
        #expect(secret.reveal() == canary)
    }
}
