#!/usr/bin/env python3
"""Builds Config/examples/*.draft.json: each real example from Tests/Fixtures (copied from the public sources its SOURCES.md names),
unchanged, wrapped in a supportgate/v1 envelope, plus a few hand-written drafts.

Run from the repository root: python3 Scripts/make-examples.py
Then refresh the expected results: Scripts/update-expected.sh
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Tests" / "Fixtures"
OUT = ROOT / "Config" / "examples"

CONTOSO = "c0a70500-0000-4000-8000-000000000001"
NORTHWIND = "b0b00000-0000-4000-8000-000000000002"
FABRIKAM = "fab00000-0000-4000-8000-000000000003"
TAILSPIN = "7a115000-0000-4000-8000-00000000c001"
WINGTIP = "3149700e-0000-4000-8000-00000000c002"
WOODGROVE = "600d9000-0000-4000-8000-00000000c003"
SUBSCRIPTION = "132d901f-189d-4381-9214-fe68e27e05a1"
TROUBLESHOOTED = {"troubleshooted": True, "reason": "Restarted the VM and checked boot diagnostics."}


def azure_body(path):
    example = json.loads((FIXTURES / "azure-support-api" / path).read_text())
    return example["parameters"]["createSupportTicketParameters"]


def with_resource_in(body, subscription):
    details = body["properties"]["technicalTicketDetails"]
    details["resourceId"] = details["resourceId"].replace("/subscriptions/subid/", f"/subscriptions/{subscription}/")
    return body


def partner_center_body(name):
    return json.loads((FIXTURES / "partner-center" / name).read_text())


def envelope(draft_id, **fields):
    draft = {"apiVersion": "supportgate/v1", "draftId": draft_id}
    draft.update(fields)
    return draft


EXAMPLES = {
    # Real Azure Support API create bodies.
    "azure-technical-customer": envelope(
        "azure-technical-customer", partnerTenantId=CONTOSO, customerTenantId=TAILSPIN,
        product="azure", category="technical", azureSubscriptionId=SUBSCRIPTION, escalation=TROUBLESHOOTED,
        azureTicket=azure_body("2024-04-01/CreateTechnicalSupportTicketForSubscription.json")),
    "azure-technical-own-premier": envelope(
        "azure-technical-own-premier", partnerTenantId=CONTOSO, product="azure", category="technical",
        azureSubscriptionId=SUBSCRIPTION, entitlement={"kind": "premier", "id": "contoso-premier-2026"},
        escalation=TROUBLESHOOTED, azureTicket=azure_body("2024-04-01/CreateTechnicalSupportTicket.json")),
    "azure-technical-2020-own-support-plan": envelope(
        "azure-technical-2020-own-support-plan", partnerTenantId=CONTOSO, product="azure", category="technical",
        azureSubscriptionId=SUBSCRIPTION, entitlement={"kind": "azure-support-plan"},
        escalation=TROUBLESHOOTED,
        # The fixture names its VM under "/subscriptions/subid/…", a placeholder that is no
        # subscription (RESOURCE_OUTSIDE_SUBSCRIPTION): the example names it under its own.
        azureTicket=with_resource_in(azure_body("2020-04-01/CreateTechnicalSupportTicketForSubscription.json"), SUBSCRIPTION)),
    "azure-billing-own": envelope(
        "azure-billing-own", partnerTenantId=CONTOSO, product="azure", category="billing",
        azureTicket=azure_body("2024-04-01/CreateBillingSupportTicket.json")),
    "azure-billing-customer": envelope(
        "azure-billing-customer", partnerTenantId=CONTOSO, customerTenantId=WOODGROVE, product="azure",
        category="billing", azureSubscriptionId=SUBSCRIPTION,
        azureTicket=azure_body("2024-04-01/CreateBillingSupportTicketForSubscription.json")),
    "azure-subscription-management-own": envelope(
        "azure-subscription-management-own", partnerTenantId=CONTOSO, product="azure",
        category="subscription-management", azureTicket=azure_body("2024-04-01/CreateSubMgmtSupportTicket.json")),
    "azure-subscription-management-customer": envelope(
        "azure-subscription-management-customer", partnerTenantId=CONTOSO, customerTenantId=TAILSPIN,
        product="azure", category="subscription-management", azureSubscriptionId=SUBSCRIPTION,
        azureTicket=azure_body("2024-04-01/CreateSubMgmtSupportTicketForSubscription.json")),
    "azure-quota-cores-customer": envelope(
        "azure-quota-cores-customer", partnerTenantId=CONTOSO, customerTenantId=WOODGROVE, product="azure",
        category="quota", azureSubscriptionId=SUBSCRIPTION,
        azureTicket=azure_body("2024-04-01/CreateCoresQuotaTicketForSubscription.json")),
    "azure-quota-own-support-plan": envelope(
        "azure-quota-own-support-plan", partnerTenantId=CONTOSO, product="azure", category="quota",
        azureSubscriptionId=SUBSCRIPTION,
        entitlement={"kind": "azure-support-plan", "id": "contoso-azure-standard-prod"},
        azureTicket=azure_body("2024-04-01/CreateGenericQuotaTicket.json")),
    # The real Partner Center create request: PrimaryContact null (the signed-in agent).
    "office365-technical-customer": envelope(
        "office365-technical-customer", partnerTenantId=CONTOSO, customerTenantId=WOODGROVE,
        product="office365", category="technical", escalation=TROUBLESHOOTED,
        serviceRequest=partner_center_body("create-a-service-request-.request.json")),
    # The real Partner Center *update* body is not a create: Title null, Severity "unknown".
    "office365-update-body-rejected": envelope(
        "office365-update-body-rejected", partnerTenantId=CONTOSO, customerTenantId=WOODGROVE,
        product="office365", category="technical",
        serviceRequest=partner_center_body("update-a-service-request.request.json")),
    # Rejections an operator will meet.
    "azure-reseller-without-access": envelope(
        "azure-reseller-without-access", partnerTenantId=FABRIKAM, customerTenantId=WINGTIP, product="azure",
        category="technical", azureSubscriptionId=SUBSCRIPTION, escalation=TROUBLESHOOTED,
        azureTicket=azure_body("2024-04-01/CreateTechnicalSupportTicketForSubscription.json")),
    "azure-customer-via-portal": envelope(
        "azure-customer-via-portal", partnerTenantId=NORTHWIND, customerTenantId=TAILSPIN, via="azure-portal",
        product="azure", category="technical", azureSubscriptionId=SUBSCRIPTION, escalation=TROUBLESHOOTED,
        azureTicket=azure_body("2024-04-01/CreateTechnicalSupportTicketForSubscription.json")),
    "azure-own-tenant-csp": envelope(
        "azure-own-tenant-csp", partnerTenantId=CONTOSO, product="azure", category="technical",
        azureSubscriptionId=SUBSCRIPTION, escalation=TROUBLESHOOTED,
        azureTicket=azure_body("2024-04-01/CreateTechnicalSupportTicketForSubscription.json")),
}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, draft in EXAMPLES.items():
        (OUT / f"{name}.draft.json").write_text(json.dumps(draft, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {len(EXAMPLES)} drafts to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
