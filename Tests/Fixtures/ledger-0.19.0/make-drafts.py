#!/usr/bin/env python3
"""Writes the drafts the 0.19.0 fixture ledgers were made from (drafts/, directory.json),
from the example drafts and directory of the 0.19.0 tree. Kept for provenance: the files it
wrote are committed and are the truth; running it again is not needed.

usage: make-drafts.py V0190_TREE OUT_FOLDER
"""
import json, os, sys

tree, out = sys.argv[1], sys.argv[2]
examples = os.path.join(tree, "Config", "examples")
CONTOSO = "c0a70500-0000-4000-8000-000000000001"
FABRIKAM = "fab00000-0000-4000-8000-000000000003"


def example(name):
    with open(os.path.join(examples, name + ".draft.json")) as f:
        return json.load(f)


def write(name, draft):
    os.makedirs(os.path.join(out, "drafts"), exist_ok=True)
    with open(os.path.join(out, "drafts", name + ".json"), "w") as f:
        json.dump(draft, f, indent=2)
        f.write("\n")


def own_technical(draft_id, entitlement, title):
    d = example("azure-technical-own-premier")
    d["draftId"] = draft_id
    d["entitlement"] = entitlement
    d["azureTicket"]["properties"]["title"] = title
    return d


premier = {"kind": "premier", "id": "contoso-premier-2026"}
unified = {"kind": "unified", "id": "contoso-unified-2026"}
write("own-premier-1", own_technical("own-premier-1", premier, "VM does not boot"))
write("own-premier-1.other-bytes", own_technical("own-premier-1", premier, "VM does not boot (edited)"))
write("own-premier-2", own_technical("own-premier-2", premier, "Disk latency"))
write("own-premier-released", own_technical("own-premier-released", premier, "Filed by mistake"))
write("own-unified-1", own_technical("own-unified-1", unified, "Unified one"))
write("own-unified-2", own_technical("own-unified-2", unified, "Unified two"))
write("own-unified-3", own_technical("own-unified-3", unified, "Unified three"))
d = example("azure-technical-2020-own-support-plan"); d["draftId"] = "own-support-plan"; write("own-support-plan", d)
d = example("azure-technical-customer"); d["draftId"] = "customer-azure-mpn"; write("customer-azure-mpn", d)
d = example("office365-technical-customer"); d["draftId"] = "customer-office365"; write("customer-office365", d)
d = example("azure-quota-cores-customer"); d["draftId"] = "customer-quota"; write("customer-quota", d)
d = example("azure-billing-own"); d["draftId"] = "billing-own"; write("billing-own", d)
d = example("azure-customer-via-portal"); d["draftId"] = "customer-via-portal"; d["partnerTenantId"] = CONTOSO
write("customer-via-portal", d)
d = example("azure-billing-own"); d["draftId"] = "billing-own"; d["partnerTenantId"] = FABRIKAM
d["azureTicket"]["properties"]["contactDetails"]["primaryEmailAddress"] = "abc@fabrikam-partner.com"
write("fabrikam-billing-own", d)

# The example directory, with Contoso's MPN benefit given 5 incidents (0 in the example,
# so nothing would consume it) and a unified entitlement valid now with an allowance of 2.
with open(os.path.join(tree, "Config", "directory.json")) as f:
    directory = json.load(f)
contoso = next(p for p in directory["partners"] if p["tenantId"] == CONTOSO)
for e in contoso["entitlements"]:
    if e["id"] == "contoso-mpn-benefit":
        e["incidents"] = 5
contoso["entitlements"].append({"id": "contoso-unified-2026", "kind": "unified", "products": ["azure", "office365"],
                                "validFrom": "2026-01-01T00:00:00Z", "validUntil": "2027-01-01T00:00:00Z", "incidents": 2})
with open(os.path.join(out, "directory.json"), "w") as f:
    json.dump(directory, f, indent=2)
    f.write("\n")
