import BusinessCalendar
import StrictJSON
import SupportGateCore
import Testing

/// Rule 10 through the whole engine, on the example configuration's calendars:
/// Contoso on "redmond" (America/Los_Angeles, Mon–Fri 08:00–17:00, US holidays),
/// Fabrikam on "berlin", Japanese on "tokyo" (09:00–12:00 and 13:00–17:30).
@Suite("Severity and first response")
struct ServiceLevelTests {
    private func due(_ example: String, _ edits: [Edit] = [], at: String) throws -> ServiceLevel {
        let result = TestSupport.decide(TestSupport.example(example).applying(edits), at: try #require(Timestamp.parseRFC3339(at)))
        #expect(result.decision.isAccepted, "\(result.decision.errors.map(\.message))")
        return try #require(result.decision.serviceLevel)
    }

    private let severity = "azureTicket/properties/severity"
    private let language = "azureTicket/properties/contactDetails/preferredSupportLanguage"

    @Test("English break-fix runs around the clock: A 120, B 240, C 480 minutes", arguments: [
        ("critical", 120, "2026-11-24T20:00:00Z"),
        ("moderate", 240, "2026-11-24T22:00:00Z"),
        ("minimal", 480, "2026-11-25T02:00:00Z"),
    ])
    func severities(_ level: String, _ minutes: Int, _ expected: String) throws {
        let sla = try due("azure-technical-customer", [.set(severity, level)], at: "2026-11-24T18:00:00Z")
        #expect(sla.clock == .twentyFourSeven)
        #expect(sla.minutes == minutes)
        #expect(sla.firstResponseDue.rfc3339 == expected)
    }

    @Test("the 24x7 clock crosses midnight and weekends unchanged")
    func midnight() throws {
        // Saturday 23:30 UTC + 120 minutes.
        let sla = try due("azure-technical-customer", [.set(severity, "critical")], at: "2026-11-28T23:30:00Z")
        #expect(sla.firstResponseDue.rfc3339 == "2026-11-29T01:30:00Z")
    }

    @Test("severity A+ under Premier: 60 minutes")
    func aPlus() throws {
        let sla = try due("azure-technical-own-premier", [.set(severity, "highestcriticalimpact")], at: "2026-11-24T18:00:00Z")
        #expect(sla.minutes == 60)
        #expect(sla.firstResponseDue.rfc3339 == "2026-11-24T19:00:00Z")
    }

    @Test("non-break-fix: one business day; Friday evening runs to Monday")
    func fridayEveningToMonday() throws {
        // Friday 2026-12-04 17:30 PST, after closing: Monday 08:00 + 8 h = 16:00 PST.
        let sla = try due("azure-billing-own", at: "2026-12-05T01:30:00Z")
        #expect(sla.clock == .businessHours)
        #expect(sla.minutes == 480)
        #expect(sla.firstResponseDue.rfc3339 == "2026-12-08T00:00:00Z")
    }

    @Test("technical but not break-fix is counted in business hours too")
    func technicalNotBreakFix() throws {
        // Friday 16:00 PST: 1 h on Friday, then Monday 08:00 + 7 h = 15:00 PST.
        let sla = try due("azure-technical-customer", [.set("breakFix", .bool(false))], at: "2026-12-05T00:00:00Z")
        #expect(sla.clock == .businessHours)
        #expect(sla.firstResponseDue.rfc3339 == "2026-12-07T23:00:00Z")
    }

    @Test("holidays are skipped: Thanksgiving and the day after")
    func holiday() throws {
        // Wednesday 2026-11-25 16:00 PST: 1 h Wednesday, Thu+Fri holidays, weekend, Monday 08:00 + 7 h.
        let sla = try due("azure-billing-own", at: "2026-11-26T00:00:00Z")
        #expect(sla.firstResponseDue.rfc3339 == "2026-11-30T23:00:00Z")
    }

    @Test("DST starts in the partner's zone: Friday PST to Monday PDT")
    func springForward() throws {
        // Friday 2027-03-12 16:00 PST (UTC-8); Monday 15 March 15:00 PDT (UTC-7).
        let sla = try due("azure-billing-own", at: "2027-03-13T00:00:00Z")
        #expect(sla.firstResponseDue.rfc3339 == "2027-03-15T22:00:00Z")
    }

    @Test("DST ends in the partner's zone: Friday PDT to Monday PST")
    func fallBack() throws {
        // Friday 2026-10-30 16:00 PDT (UTC-7); Monday 2 November 15:00 PST (UTC-8).
        let sla = try due("azure-billing-own", at: "2026-10-30T23:00:00Z")
        #expect(sla.firstResponseDue.rfc3339 == "2026-11-02T23:00:00Z")
    }

    @Test("a non-English break-fix counts the severity target in that language's business hours")
    func japanese() throws {
        // Friday 2026-12-04 16:00 JST: 90 min Friday (to 17:30), Monday 09:00 + 150 min = 11:30 JST.
        let sla = try due("azure-technical-customer", [.set(language, "ja-JP")], at: "2026-12-04T07:00:00Z")
        #expect(sla.clock == .businessHours)
        #expect(sla.minutes == 240)
        #expect(sla.firstResponseDue.rfc3339 == "2026-12-07T02:30:00Z")
        #expect(sla.basis.contains("tokyo"))
    }

    @Test("the lunch break in the Tokyo calendar is not business time")
    func lunchBreak() throws {
        // Tuesday 2026-11-24 11:00 JST + 120 business minutes: 60 before lunch, 60 after = 14:00 JST.
        let sla = try due("azure-technical-customer", [.set(language, "ja-JP"), .set(severity, "critical")], at: "2026-11-24T02:00:00Z")
        #expect(sla.firstResponseDue.rfc3339 == "2026-11-24T05:00:00Z")
    }

    @Test("a partner with its own calendar: Fabrikam counts in Berlin, across Christmas")
    func partnerCalendar() throws {
        // Wednesday 2026-12-23 16:00 CET: 1 h, then 24–26 Dec holidays and Sunday, Monday 28th 09:00 + 7 h = 16:00 CET.
        let draft: [Edit] = [.set("partnerTenantId", TestSupport.fabrikam), .set("customerTenantId", TestSupport.tailspin),
                             .set("azureTicket/properties/contactDetails/primaryEmailAddress", "desk@fabrikam-partner.com"),
                             .set("category", "subscription-management")]
        let sla = try due("azure-subscription-management-customer", draft, at: "2026-12-23T15:00:00Z")
        #expect(sla.firstResponseDue.rfc3339 == "2026-12-28T15:00:00Z")
        #expect(sla.basis.contains("berlin"))
    }

    @Test("rejected drafts carry no first-response time")
    func rejectedHasNoDue() {
        let result = TestSupport.decide(TestSupport.example("azure-customer-via-portal"))
        #expect(!result.decision.isAccepted)
        #expect(result.decision.serviceLevel == nil)
        #expect(result.decision.submission == nil)
        #expect(result.json.objectValue?["firstResponseDue"] == nil)
    }
}
