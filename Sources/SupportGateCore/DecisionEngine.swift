import BusinessCalendar
import StrictJSON

/// The pure decision core: a parsed draft, the directory and the policy in,
/// a decision out. No I/O, no clock: the caller passes the instant.
public struct DecisionEngine: Sendable {
    public let directory: Directory
    public let policy: DecisionPolicy
    /// Incidents in use per entitlement (the ledger's counts); none recorded by default.
    public var usage: any IncidentUsage = NoRecordedIncidents()

    public init(directory: Directory, policy: DecisionPolicy) {
        self.directory = directory
        self.policy = policy
    }

    /// Rules 2–10, all findings in rule order. `submitter` nil skips the
    /// submitter check (offline `check` without `--as-uid`).
    public func decide(_ draft: Draft, submitter: SubmitterIdentity?, at instant: Timestamp) -> Decision {
        var decision = Decision(context: draft.isOwnTenant ? .ownTenant : .customer)
        decision.severity = draft.payload?.severity
        let parties = identifyParties(draft, submitter: submitter, into: &decision)

        checkContext(draft, into: &decision)
        checkResources(draft, into: &decision)
        checkChannelAndProduct(draft, into: &decision)
        if let parties {
            decision.billing = billing(draft, parties: parties, at: instant, into: &decision)
            checkContact(draft, parties: parties, into: &decision)
        }
        checkSeverity(draft, into: &decision)

        if let parties {
            decision.incident = IncidentUse.of(decision, category: draft.category,
                                               allowance: { id in parties.partner.entitlements.first { $0.id == id }?.incidents },
                                               inUse: { id in usage.isRecorded ? usage.inUse(partner: parties.partner.tenantId, entitlementId: id) : nil })
        }
        // Accepted means the partner is known (rule 2), so `parties` is there.
        if decision.isAccepted, let parties, let payload = draft.payload, let severity = decision.severity {
            decision.serviceLevel = ServiceLevel.compute(
                severity: severity, draft: draft, language: payload.supportLanguage, policy: policy, from: instant)
            decision.submission = Submission.build(draft: draft, payload: payload, draftId: draft.draftId ?? "", cloud: parties.partner.cloud)
        }
        return decision
    }

    /// The partner, and for a customer request the customer and relationship,
    /// once the submitter may act for them. Nil stops every rule that reads them,
    /// so a submitter learns nothing about a partner it does not belong to.
    struct Parties {
        let partner: Partner
        let customer: Customer?
        let relationship: Relationship?
    }

    private func identifyParties(_ draft: Draft, submitter: SubmitterIdentity?, into decision: inout Decision) -> Parties? {
        let partnerField = DraftField.partnerTenantId
        guard let partner = directory.partners[draft.partnerTenantId] else {
            decision.add(Finding(.partnerUnknown, "partner \(draft.partnerTenantId) is not in the tenant directory",
                                 field: partnerField, rule: .partnerKnown,
                                 remedy: "Check \"partnerTenantId\"; if the partner is new, add it to the directory and reload the gate."))
            return nil
        }
        if let submitter, !isAuthorized(submitter, for: partner) {
            decision.add(Finding(.submitterNotAuthorized,
                                 "uid \(submitter.uid) may not file for partner \(partner.tenantId): it is neither one of the partner's submitter uids nor in one of its submitter groups",
                                 field: partnerField, rule: .submitter,
                                 remedy: "Drop the draft as a user of this partner, or have the operator add the uid or a group to the partner's \"submitters\"."))
            return nil
        }
        if partner.status != .active {
            decision.add(Finding(.partnerSuspended, "partner \(partner.tenantId) is \(partner.status.rawValue), not active",
                                 field: partnerField, rule: .partnerActive,
                                 remedy: "Restore the partner's CSP agreement; the directory must show \"status\": \"active\"."))
        }
        if partner.trial {
            decision.add(Finding(.trialPartner, "partner \(partner.tenantId) is on a trial CSP agreement; support is still included",
                                 field: partnerField, rule: .partnerTrial,
                                 remedy: "Nothing to change now; convert the trial before it ends to keep support."))
        }
        checkCloud(draft.cloud, expected: partner.cloud, whose: "partner", into: &decision)
        guard let customerId = draft.customer else {
            return Parties(partner: partner, customer: nil, relationship: nil)
        }
        let customerField = DraftField.customerTenantId
        guard let customer = directory.customers[customerId] else {
            decision.add(Finding(.customerUnknown, "customer \(customerId) is not in the tenant directory",
                                 field: customerField, rule: .customerKnown,
                                 remedy: "Check \"customerTenantId\"; a new customer must be added to the directory first."))
            return Parties(partner: partner, customer: nil, relationship: nil)
        }
        guard let relationship = customer.relationship(with: partner.tenantId) else {
            decision.add(Finding(.noResellerRelationship, "customer \(customerId) has no reseller relationship with partner \(partner.tenantId)",
                                 field: customerField, rule: .relationship,
                                 remedy: "File only for your own customers; if this one is, the relationship must be accepted and in the directory."))
            return Parties(partner: partner, customer: nil, relationship: nil)
        }
        checkCloud(draft.cloud, expected: customer.cloud, whose: "customer", into: &decision)
        return Parties(partner: partner, customer: customer, relationship: relationship)
    }

    private func isAuthorized(_ submitter: SubmitterIdentity, for partner: Partner) -> Bool {
        partner.submitterUIDs.contains(submitter.uid) || !partner.submitterGroups.isDisjoint(with: submitter.groups)
    }

    private func checkCloud(_ cloud: Cloud, expected: Cloud, whose: String, into decision: inout Decision) {
        guard cloud != expected else { return }
        decision.add(Finding(.cloudMismatch, "the draft is for the \(cloud.rawValue) cloud but the \(whose) is in the \(expected.rawValue) cloud",
                             field: DraftField.cloud, rule: .cloud,
                             remedy: "File in the \(whose)'s cloud (\"cloud\": \"\(expected.rawValue)\") through that cloud's Partner Center."))
    }

    private func checkContext(_ draft: Draft, into decision: inout Decision) {
        if !draft.isOwnTenant, draft.via != .partnerCenter {
            decision.add(Finding(.wrongSigninContext,
                                 "a request for a customer was opened via \(draft.via.rawValue); signing in to that portal directly puts you in your own tenant's context",
                                 field: DraftField.via, rule: .signinContext,
                                 remedy: "Open customer requests through Partner Center (\"via\": \"partner-center\")."))
        }
        if draft.isOwnTenant, !draft.category.isFreeBillingSupport, draft.entitlement.kind == .csp {
            let claimed = draft.entitlement.isExplicit ? "claims the Cloud Solution Provider plan" : "claims no entitlement"
            decision.add(Finding(.ownTenantNotCovered,
                                 "a \(draft.category.rawValue) request for your own tenant \(claimed); CSP support does not cover the partner's own tenant",
                                 field: DraftField.entitlement, rule: .ownTenantCoverage,
                                 remedy: "Claim one of your own entitlements (mpn-contract, premier, unified, azure-support-plan or signature-cloud-support) in \"entitlement\"."))
        }
        if draft.category == .technical, !draft.escalationConfirmed {
            decision.add(Finding(.escalationUnconfirmed,
                                 "the draft does not confirm that the partner tried to resolve the problem before escalating",
                                 field: DraftField.escalationTroubleshooted, rule: .escalation,
                                 remedy: "Troubleshoot first, then set \"escalation\": { \"troubleshooted\": true }."))
        }
    }

    private func checkChannelAndProduct(_ draft: Draft, into decision: inout Decision) {
        if draft.channel == .phone {
            decision.add(Finding(.phoneNotSupported, "requests cannot be filed by phone",
                                 field: DraftField.channel, rule: .channel,
                                 remedy: "File the request on the web (\"channel\": \"web\")."))
        }
        if draft.product == .marketplace {
            decision.add(Finding(.marketplaceNotSupported, "Marketplace products are supported by their publishers, not through CSP support",
                                 field: DraftField.product, rule: .marketplace,
                                 remedy: "Contact the publisher of the Marketplace product."))
        }
    }

    private func checkContact(_ draft: Draft, parties: Parties, into decision: inout Decision) {
        for email in draft.payload?.contactEmails ?? [] {
            let domain = email.domain
            let problem: String? = if parties.customer?.ownsDomain(domain) == true {
                "the contact \(email.address) is at the customer's domain \(domain); the contact must be one of the partner's people"
            } else if !parties.partner.ownsDomain(domain) {
                "the contact \(email.address) is not at one of the partner's domains (\(parties.partner.domains.joined(separator: ", ")))"
            } else {
                nil
            }
            if let problem {
                decision.add(Finding(.contactNotPartner, problem, field: email.field, rule: .contact,
                                     remedy: "Name someone from your own support team as the contact, with an address at one of your domains."))
            }
        }
    }

    private func checkSeverity(_ draft: Draft, into decision: inout Decision) {
        guard let payload = draft.payload else { return }
        if payload.severity == .aPlus, draft.entitlement.kind != .premier, draft.entitlement.kind != .unified {
            decision.add(Finding(.severityNotEntitled,
                                 "severity \"highestcriticalimpact\" is reserved for Premier and Unified support; this request claims \(draft.entitlement.kind.rawValue)",
                                 field: payload.severityField, rule: .severityEntitlement,
                                 remedy: "Use \"critical\" (severity A), or claim a Premier or Unified entitlement."))
        }
        if draft.product == .azure, payload.severity == .a || payload.severity == .aPlus {
            let declined = payload.require24x7Response == false ? " (require24X7Response is false, which severity A does not allow for)" : ""
            decision.add(Finding(.severityARequires24x7,
                                 "severity A in Azure commits you to work the case with Microsoft around the clock\(declined)",
                                 field: payload.severityField, rule: .severityAClock,
                                 remedy: "Make sure someone is available 24x7, or lower the severity to \"moderate\"."))
        }
        if draft.category == .technical, draft.breakFix, !LanguageTag.isEnglish(payload.supportLanguage) {
            decision.add(Finding(.localLanguageBusinessHours,
                                 "support in \(payload.supportLanguage) runs in that language's business hours, not around the clock",
                                 field: payload.supportLanguageField, rule: .supportLanguage,
                                 remedy: "Ask for English support if the first response must come around the clock."))
        }
    }
}
