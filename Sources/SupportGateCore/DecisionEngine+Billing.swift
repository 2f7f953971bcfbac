import BusinessCalendar
import StrictJSON

/// Rules 5–8: who pays, and whether the entitlement claimed holds.
extension DecisionEngine {
    func billing(_ draft: Draft, parties: Parties, at instant: Timestamp, into decision: inout Decision) -> Billing? {
        guard draft.product != .marketplace else { return nil }  // MARKETPLACE_NOT_SUPPORTED: nothing to bill
        if !draft.isOwnTenant {
            guard let relationship = parties.relationship else { return nil }
            if draft.product == .azure {
                return azureForCustomer(draft, partner: parties.partner, relationship: relationship, at: instant, into: &decision)
            }
            if draft.category.isFreeBillingSupport {
                return Billing(charged: false, coveredBy: .freeBillingSupport)
            }
            // Rule 6: included in CSP, unless the partner claims one of its own entitlements for it.
            guard draft.entitlement.kind != .csp else { return Billing(charged: false, coveredBy: .cspIncluded) }
            guard let entitlement = resolveEntitlement(draft, partner: parties.partner, at: instant, into: &decision) else { return nil }
            return Billing(charged: false, coveredBy: Billing.CoveredBy(entitlement.kind), entitlementId: entitlement.id)
        }
        if draft.category.isFreeBillingSupport {
            return Billing(charged: false, coveredBy: .freeBillingSupport)
        }
        guard draft.entitlement.kind != .csp else { return nil }  // OWN_TENANT_NOT_COVERED, rule 3
        guard let entitlement = resolveEntitlement(draft, partner: parties.partner, at: instant, into: &decision) else { return nil }
        return Billing(charged: false, coveredBy: Billing.CoveredBy(entitlement.kind), entitlementId: entitlement.id)
    }

    /// Rule 5.
    private func azureForCustomer(_ draft: Draft, partner: Partner, relationship: Relationship, at instant: Timestamp, into decision: inout Decision) -> Billing {
        if partner.program == .indirectReseller, !relationship.azureAccessGranted {
            decision.add(Finding(.azureAccessNotGranted,
                                 "your indirect provider has not granted you access to customer \(draft.customerTenantId.map(String.init(describing:)) ?? "")'s Azure account",
                                 field: DraftField.customerTenantId, rule: .azureAccess,
                                 remedy: "Ask your indirect provider to grant you access to the customer's Azure account, or have the provider file the request."))
        }
        if draft.entitlement.kind != .csp {
            decision.add(Finding(.supportPlanNotCSP,
                                 "a customer's Azure request must use the Cloud Solution Provider support plan, not \(draft.entitlement.kind.rawValue)",
                                 field: DraftField.entitlementKind, rule: .azureSupportPlan,
                                 remedy: "Set \"entitlement\": { \"kind\": \"csp\" } or leave \"entitlement\" out."))
        }
        if draft.category.isFreeBillingSupport {
            return Billing(charged: false, coveredBy: .freeBillingSupport)
        }
        guard draft.category == .technical else {
            return Billing(charged: false, coveredBy: .cspIncluded)
        }
        let benefit = [EntitlementKind.signatureCloudSupport, .mpnContract].lazy.compactMap { kind in
            partner.entitlements.first { $0.kind == kind && self.problems(of: $0, draft: draft, at: instant).isEmpty }
        }.first
        if let benefit {
            return Billing(charged: false, coveredBy: Billing.CoveredBy(benefit.kind), entitlementId: benefit.id)
        }
        if policy.allowPaidAzureSupport {
            decision.add(Finding(.azureFeeCharged,
                                 "Azure technical support for a customer is charged to the partner: no Signature Cloud Support or MPN benefit covers it",
                                 field: DraftField.product, rule: .azureFee,
                                 remedy: "Nothing to change if the charge is expected; a valid Signature Cloud Support or MPN benefit covering Azure would make it free."))
        } else {
            decision.add(Finding(.azureFeeNotCovered,
                                 "Azure technical support for a customer would be charged, no Signature Cloud Support or MPN benefit covers it, and this gate does not allow paid support",
                                 field: DraftField.product, rule: .azureFee,
                                 remedy: "Add a valid Signature Cloud Support or MPN benefit covering Azure to the directory, or have the operator set azure.allowPaidSupport = true."))
        }
        return Billing(charged: true, coveredBy: .partnerPays)
    }

    /// Rule 8: the claimed entitlement exists, is valid now, covers the product and has incidents left.
    /// Without an id, the first of the partner's entitlements of that kind that holds (by id).
    private func resolveEntitlement(_ draft: Draft, partner: Partner, at instant: Timestamp, into decision: inout Decision) -> Entitlement? {
        let claim = draft.entitlement
        let candidates = partner.entitlements.filter { entitlement in
            claim.id.map { $0 == entitlement.id } ?? (entitlement.kind == claim.kind)
        }
        guard let first = candidates.first else {
            let what = claim.id.map { "no entitlement \"\($0)\"" } ?? "no entitlement of kind \(claim.kind.rawValue)"
            var message = "partner \(partner.tenantId) has \(what)"
            if let id = claim.id, let near = NameSuggestion.closest(to: id, among: partner.entitlements.map(\.id)) {
                message += " (did you mean \"\(near)\"?)"
            }
            decision.add(Finding(.entitlementUnknown, message, field: claim.id == nil ? DraftField.entitlementKind : DraftField.entitlementId,
                                 rule: .entitlement, remedy: "Claim one of the partner's entitlements; the directory lists them."))
            return nil
        }
        if first.kind != claim.kind {
            decision.add(Finding(.entitlementUnknown, "entitlement \"\(first.id)\" is a \(first.kind.rawValue) entitlement, not \(claim.kind.rawValue)",
                                 field: DraftField.entitlementKind, rule: .entitlement,
                                 remedy: "Set \"entitlement.kind\" to \"\(first.kind.rawValue)\", or claim a \(claim.kind.rawValue) entitlement."))
            return nil
        }
        if let holding = candidates.first(where: { problems(of: $0, draft: draft, at: instant).isEmpty }) {
            return holding
        }
        problems(of: first, draft: draft, at: instant).forEach { decision.add($0) }
        return nil
    }

    func problems(of entitlement: Entitlement, draft: Draft, at instant: Timestamp) -> [Finding] {
        var findings: [Finding] = []
        let field = DraftField.entitlement
        if !entitlement.isValid(at: instant) {
            let window = "\(entitlement.validFrom?.rfc3339 ?? "the beginning") until \(entitlement.validUntil?.rfc3339 ?? "further notice")"
            findings.append(Finding(.entitlementExpired, "entitlement \"\(entitlement.id)\" is valid from \(window), not at \(instant.rfc3339)",
                                    field: field, rule: .entitlement, remedy: "Renew the entitlement, or claim another one that is valid now."))
        }
        if let problem = entitlement.productProblem(product: draft.product, subscription: draft.azureSubscriptionId) {
            let productField = entitlement.kind == .azureSupportPlan && draft.product == .azure
                ? DraftField.azureSubscriptionId : DraftField.product
            findings.append(Finding(.entitlementProductMismatch, problem, field: productField, rule: .entitlement,
                                    remedy: "Claim an entitlement that covers this product (and subscription)."))
        }
        let inUse = usage.inUse(partner: draft.partnerTenantId, entitlementId: entitlement.id)
        if !entitlement.hasIncidentsLeft(inUse: inUse) {
            findings.append(.entitlementExhausted(entitlement.id, inUse: inUse, allowance: entitlement.incidents ?? 0))
        }
        return findings
    }
}
