#!/usr/bin/env python3
"""Drafts for the forwarder's end-to-end tests, from the gate's examples:
    forward_drafts.py EXAMPLES OUT COUNT PREFIX [--rejected N]
COUNT accepted-to-be drafts, round robin over every accepted example kind (Azure technical,
billing, quota, subscription management, customer and own-tenant, api-versions 2020-04-01
and 2024-04-01; Partner Center office365, dynamics365, ems) and over Contoso and Fabrikam;
N more that the gate rejects. Each goes to OUT/<uid>/<draftId>.json. Each tenant gets a
subscription of its own: the examples share one across tenants, the double one owner each.
"""
import json, pathlib, sys, uuid

examples, out, count, prefix = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rejected = int(sys.argv[sys.argv.index("--rejected") + 1]) if "--rejected" in sys.argv else 0
EXAMPLE_SUB = "132d901f-189d-4381-9214-fe68e27e05a1"
CONTOSO, FABRIKAM = "c0a70500-0000-4000-8000-000000000001", "fab00000-0000-4000-8000-000000000003"
PARTNERS = [(CONTOSO, 1001, "contoso.com"), (FABRIKAM, 1003, "fabrikam-partner.com")]
SHARED_CUSTOMER = "7a115000-0000-4000-8000-00000000c001"   # a customer of both


def subscription_of(tenant):
    return EXAMPLE_SUB if tenant == CONTOSO else str(uuid.uuid5(uuid.NAMESPACE_URL, "e2e-subscription/" + tenant))


ACCEPTED = ["azure-technical-customer", "azure-billing-own", "azure-quota-cores-customer", "azure-subscription-management-customer",
            "azure-technical-2020-own-support-plan", "azure-billing-customer", "azure-subscription-management-own",
            "azure-technical-own-premier", "azure-quota-own-support-plan",
            "office365-technical-customer", "office365-technical-customer:dynamics365", "office365-technical-customer:ems"]
REJECTED = ["azure-own-tenant-csp", "office365-update-body-rejected"]


def make(base, index, partner, uid, domain):
    name, _, product = base.partition(":")
    text = (examples / f"{name}.draft.json").read_text()
    draft = json.loads(text)
    tenant_before = draft.get("customerTenantId") or draft["partnerTenantId"]
    if partner != CONTOSO and draft.get("customerTenantId"):
        draft["customerTenantId"] = SHARED_CUSTOMER
    tenant = draft.get("customerTenantId") or partner
    text = json.dumps(draft).replace(CONTOSO, partner).replace("@contoso.com", "@" + domain)
    if draft.get("azureSubscriptionId"):
        text = text.replace(EXAMPLE_SUB, subscription_of(tenant))
    draft = json.loads(text)
    if product:
        draft["product"] = product
    draft["draftId"] = f"{prefix}-{index:05d}-{name.split('-')[0]}{'-' + product if product else ''}"
    folder = out / str(uid)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{draft['draftId']}.json").write_text(json.dumps(draft))


for i in range(count):
    partner, uid, domain = PARTNERS[i % 2]
    make(ACCEPTED[(i // 2) % len(ACCEPTED)], i, partner, uid, domain)
for i in range(rejected):
    partner, uid, domain = PARTNERS[i % 2]
    make(REJECTED[(i // 2) % len(REJECTED)], count + i, partner, uid, domain)
