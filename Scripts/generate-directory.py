#!/usr/bin/env python3
"""Writes a benchmark-scale tenant directory and a matching set of drafts.

    python3 Scripts/generate-directory.py bench-out/directory-100k.json
        [--drafts bench-out/drafts.json] [--partners 5000] [--customers 100000] [--draft-count 2000]

The directory is exactly what DirectoryDecoder accepts (contract section 5): the
sample partners and customers of Config/directory.json first, then generated ones.
The drafts file holds one entry per draft: the draft's bytes as text (built on the
real Azure Support API / Partner Center payloads in Config/examples), the uid that
drops it, the scenario and the decision the scenario is meant to get at the
benchmark instant. Deterministic: the same arguments give the same bytes.
"""
import argparse
import json
import pathlib
import random

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "Config" / "examples"
SAMPLE_DIRECTORY = ROOT / "Config" / "directory.json"
SEED = 20261124
INSTANT = "2026-11-24T18:00:00Z"

WORDS = ["Contoso", "Fabrikam", "Northwind", "Litware", "Adatum", "Tailspin", "Woodgrove", "Proseware",
         "Alpine", "Wingtip", "Fourth Coffee", "Lamna", "Relecloud", "Trey Research", "Humongous", "Blue Yonder",
         "Coho", "Lucerne", "Wide World", "VanArsdel", "Bellows", "Munson", "Margie", "Southridge", "Consolidated",
         "Datum", "Graphic Design", "Nod", "Olympia", "Tasmanian", "Contour", "Liberty", "Boulder", "Fincher"]
PARTNER_SUFFIXES = ["Cloud Services", "IT Partners", "Solutions", "Consulting", "Managed Services", "Systems",
                    "Cloud Distribution", "Technology Group", "Digital"]
CUSTOMER_SUFFIXES = ["Toys", "Bank", "Airlines", "Foods", "Insurance", "Hospital", "Winery", "Motors", "Logistics",
                     "Pharmaceuticals", "Retail", "School", "Energy", "Travel", "Realty", "Media"]
FIRST_NAMES = ["Ana", "Ben", "Chen", "Dana", "Emeka", "Fatima", "Gus", "Hiro", "Ines", "Jonas", "Kemal", "Lea",
               "Mateo", "Nia", "Olaf", "Priya", "Quinn", "Rosa", "Sven", "Tomoko", "Umar", "Vera", "Wei", "Yara"]
LAST_NAMES = ["Alvarez", "Becker", "Chowdhury", "Dubois", "Eriksson", "Fischer", "Garcia", "Haddad", "Ito",
              "Jensen", "Kowalski", "Li", "Moreau", "Nakamura", "Okafor", "Petrov", "Rossi", "Sato", "Tanaka"]
PROBLEMS = ["VM fails to boot after a kernel update", "Storage account returns 503 under load",
            "App Service deployment slot swap hangs", "Cosmos DB throttling on the orders container",
            "AKS node pool does not scale out", "SQL database failover group stuck in seeding",
            "Key Vault access denied for managed identity", "VPN gateway tunnel drops every hour",
            "Exchange Online mail flow delayed", "Teams meetings fail to start for all users",
            "SharePoint site collection quota reached", "Intune devices not receiving policies"]
ENTITLEMENT_KINDS = ["premier", "unified", "mpn-contract", "azure-support-plan", "signature-cloud-support"]
SUITE = ["azure", "office365", "dynamics365", "ems"]


class Generator:
    def __init__(self, partner_count, customer_count, draft_count):
        self.rng = random.Random(SEED)
        self.partner_count = partner_count
        self.customer_count = customer_count
        self.draft_count = draft_count
        self.templates = {path.name[:-len(".draft.json")]: json.loads(path.read_text())
                          for path in sorted(EXAMPLES.glob("*.draft.json"))}
        self.sample = json.loads(SAMPLE_DIRECTORY.read_text())

    # -- identifiers -------------------------------------------------------

    def guid(self):
        bits = self.rng.getrandbits(128)
        text = f"{bits:032x}"
        return f"{text[:8]}-{text[8:12]}-4{text[13:16]}-{'89ab'[bits & 3]}{text[17:20]}-{text[20:]}"

    def company(self, index, suffixes):
        word = self.rng.choice(WORDS)
        suffix = self.rng.choice(suffixes)
        slug = f"{word}-{suffix.split()[0]}-{index}".lower().replace(" ", "")
        return f"{word} {suffix} {index}", slug

    # -- directory ---------------------------------------------------------

    def partner(self, index):
        rng = self.rng
        name, slug = self.company(index, PARTNER_SUFFIXES)
        roll = rng.random()
        program = "direct" if roll < 0.25 else "indirect-provider" if roll < 0.30 else "indirect-reseller"
        status = "suspended" if rng.random() < 0.02 else "active"
        domains = [f"{slug}.com", f"{slug}.onmicrosoft.com"] + ([f"support.{slug}.net"] if rng.random() < 0.4 else [])
        entitlements = [self.entitlement(slug, n) for n in range(rng.randint(1, 4))]
        return {
            "tenantId": self.guid(), "name": name, "cloud": "usgov" if rng.random() < 0.03 else "public",
            "status": status, "program": program, "trial": rng.random() < 0.05, "domains": domains,
            "submitters": {"uids": [20000 + index], "groups": [f"{slug}-support"]},
            "entitlements": entitlements,
        }

    def entitlement(self, slug, number):
        rng = self.rng
        kind = rng.choice(ENTITLEMENT_KINDS)
        roll = rng.random()
        if roll < 0.15:
            window = ("2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z")   # expired
        elif roll < 0.20:
            window = ("2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z")   # not yet valid
        else:
            window = (rng.choice(["2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z", "2026-07-01T00:00:00Z"]),
                      rng.choice(["2027-01-01T00:00:00Z", "2027-07-01T00:00:00Z"]))
        roll = rng.random()
        incidents = None if roll < 0.6 else 0 if roll < 0.7 else rng.randint(1, 50)
        item = {"id": f"{slug}-{kind}-{number}", "kind": kind}
        if kind == "azure-support-plan":
            item["products"] = ["azure"]
            item["subscriptionId"] = self.guid()
        elif kind in ("premier", "unified"):
            item["products"] = ["azure"] + rng.sample(SUITE[1:], rng.randint(0, 3))
        elif kind == "mpn-contract":
            item["products"] = ["azure", "office365"]
        else:
            item["products"] = ["azure"]
        item.update(validFrom=window[0], validUntil=window[1], incidents=incidents)
        return item

    def customer(self, index, pools):
        rng = self.rng
        name, slug = self.company(index, CUSTOMER_SUFFIXES)
        cloud = "usgov" if rng.random() < 0.03 else "public"
        pool = pools[cloud]
        domains = [f"{slug}.com", f"{slug}.onmicrosoft.com"][:rng.randint(1, 2)]
        relations = {}
        first = rng.choice(pool["direct"] if rng.random() < 0.3 else pool["indirect-reseller"])
        relations[first["tenantId"]] = rng.random() < 0.8
        if first["program"] == "indirect-reseller" and rng.random() < 0.85:
            relations[rng.choice(pool["indirect-provider"])["tenantId"]] = True
        if rng.random() < 0.15:
            relations.setdefault(rng.choice(pool["all"])["tenantId"], rng.random() < 0.5)
        return {"tenantId": self.guid(), "name": name, "cloud": cloud, "domains": domains,
                "relationships": [{"partnerTenantId": p, "azureAccessGranted": g} for p, g in relations.items()]}

    def directory(self):
        partners = [self.partner(i) for i in range(self.partner_count - len(self.sample["partners"]))]
        pools = {}
        for cloud in ("public", "usgov"):
            members = [p for p in partners if p["cloud"] == cloud]
            pools[cloud] = {"all": members, **{program: [p for p in members if p["program"] == program]
                                               for program in ("direct", "indirect-provider", "indirect-reseller")}}
        customers = [self.customer(i, pools) for i in range(self.customer_count - len(self.sample["customers"]))]
        self.partners = {p["tenantId"]: p for p in partners}
        self.customers = customers
        return {"partners": self.sample["partners"] + partners, "customers": self.sample["customers"] + customers}

    # -- drafts ------------------------------------------------------------

    def contact_email(self, domain):
        return f"{self.rng.choice(FIRST_NAMES).lower()}.{self.rng.choice(LAST_NAMES).lower()}@{domain}"

    def envelope(self, number, scenario, partner, customer, product, category, **fields):
        draft = {"apiVersion": "supportgate/v1", "draftId": f"bench-{number:05d}-{scenario}",
                 "partnerTenantId": partner["tenantId"]}
        if customer is not None:
            draft["customerTenantId"] = customer["tenantId"]
        if partner["cloud"] != "public":
            draft["cloud"] = partner["cloud"]
        draft.update(product=product, category=category)
        draft.update(fields)
        return draft

    def azure_ticket(self, template, contact, severity="moderate", language="en-US", subscription=None):
        ticket = json.loads(json.dumps(self.templates[template]["azureTicket"]))
        properties = ticket["properties"]
        properties["title"] = self.rng.choice(PROBLEMS)
        properties["description"] = f"{properties['title']}; started {self.rng.randint(1, 48)} hours ago."
        properties["severity"] = severity
        details = properties["contactDetails"]
        details["firstName"], details["lastName"] = contact.split("@")[0].split(".")
        details["primaryEmailAddress"] = contact
        details["preferredSupportLanguage"] = language
        if subscription and "technicalTicketDetails" in properties:
            properties["technicalTicketDetails"]["resourceId"] = (
                f"/subscriptions/{subscription}/resourceGroups/rg-{self.rng.randint(1, 99)}"
                f"/providers/Microsoft.Compute/virtualMachines/vm-{self.rng.randint(1, 999)}")
        return ticket

    def service_request(self, contact, severity="moderate"):
        request = json.loads(json.dumps(self.templates["office365-technical-customer"]["serviceRequest"]))
        request["Title"] = self.rng.choice(PROBLEMS)
        request["Description"] = f"{request['Title']}; affects {self.rng.randint(2, 500)} users."
        request["Severity"] = severity.capitalize() if self.rng.random() < 0.5 else severity
        if contact is not None:
            first, last = contact.split("@")[0].split(".")
            request["PrimaryContact"] = {"FirstName": first.capitalize(), "LastName": last.capitalize(), "Email": contact}
        return request

    def pick_relationship(self, want):
        """A customer and one of its partners for which `want(partner, granted)` holds."""
        while True:
            customer = self.rng.choice(self.customers)
            relation = self.rng.choice(customer["relationships"])
            partner = self.partners[relation["partnerTenantId"]]
            if want(partner, relation["azureAccessGranted"]):
                return customer, partner

    def azure_customer(self, number, scenario, template, category, partner, customer, **overrides):
        subscription = self.guid()
        contact = overrides.pop("contact", None) or self.contact_email(partner["domains"][0])
        severity = overrides.pop("severity", self.rng.choice(["minimal", "moderate", "moderate", "critical"]))
        language = overrides.pop("language", "ja-JP" if self.rng.random() < 0.1 else "en-US")
        fields = {"azureSubscriptionId": subscription}
        if category == "technical":
            fields["escalation"] = {"troubleshooted": True, "reason": "Restarted the resource and read its logs."}
        fields.update(overrides)
        fields["azureTicket"] = self.azure_ticket(template, contact, severity, language, subscription)
        return self.envelope(number, scenario, partner, customer, "azure", category, **fields)

    def own_tenant(self, number, scenario, partner, entitlement):
        """Own-tenant Azure technical request claiming `entitlement`; accepted iff it holds."""
        subscription = entitlement.get("subscriptionId") or self.guid()
        fields = {"azureSubscriptionId": subscription, "entitlement": {"kind": entitlement["kind"], "id": entitlement["id"]},
                  "escalation": {"troubleshooted": True}}
        fields["azureTicket"] = self.azure_ticket("azure-technical-own-premier", self.contact_email(partner["domains"][-1]),
                                                  self.rng.choice(["minimal", "moderate"]), "en-US", subscription)
        holds = (entitlement["validFrom"] <= INSTANT < entitlement["validUntil"] and entitlement["incidents"] != 0)
        return self.envelope(number, scenario, partner, None, "azure", "technical", **fields), holds

    def draft(self, number):
        """One draft of a weighted scenario mix: (scenario, draft, partner whose uid drops it, expected)."""
        rng = self.rng
        active = lambda p, granted: p["status"] == "active"
        azure_ok = lambda p, granted: p["status"] == "active" and (p["program"] != "indirect-reseller" or granted)
        roll = rng.random()
        if roll < 0.22:
            c, p = self.pick_relationship(azure_ok)
            return "azure-technical-customer", self.azure_customer(number, "azure-technical-customer", "azure-technical-customer", "technical", p, c), p, True
        if roll < 0.30:
            c, p = self.pick_relationship(azure_ok)
            return "azure-quota-customer", self.azure_customer(number, "azure-quota-customer", "azure-quota-cores-customer", "quota", p, c), p, True
        if roll < 0.36:
            c, p = self.pick_relationship(azure_ok)
            template, category = rng.choice([("azure-billing-customer", "billing"),
                                             ("azure-subscription-management-customer", "subscription-management")])
            return "azure-billing-customer", self.azure_customer(number, "azure-billing-customer", template, category, p, c), p, True
        if roll < 0.50:
            c, p = self.pick_relationship(active)
            contact = self.contact_email(p["domains"][0]) if rng.random() < 0.7 else None
            fields = {"escalation": {"troubleshooted": True}, "serviceRequest": self.service_request(contact, rng.choice(["critical", "moderate", "minimal"]))}
            if rng.random() < 0.15:
                fields["agentLocale"] = rng.choice(["ja-JP", "de-DE", "fr-FR"])
            return "office365-technical-customer", self.envelope(number, "office365-technical-customer", p, c, "office365", "technical", **fields), p, True
        if roll < 0.62:
            p = rng.choice([p for p in self.partners.values() if p["status"] == "active"])
            draft, holds = self.own_tenant(number, "own-tenant-entitlement", p, rng.choice(p["entitlements"]))
            return "own-tenant-entitlement", draft, p, holds
        if roll < 0.66:
            p = rng.choice(list(self.partners.values()))
            fields = {"azureTicket": self.azure_ticket("azure-billing-own", self.contact_email(p["domains"][0]))}
            return "own-tenant-billing", self.envelope(number, "own-tenant-billing", p, None, "azure", "billing", **fields), p, p["status"] == "active"
        return self.rejected_draft(number, azure_ok, active)

    def rejected_draft(self, number, azure_ok, active):
        rng = self.rng
        scenario = rng.choice(["wrong-relationship", "wrong-cloud", "phone-channel", "unknown-customer", "unknown-partner",
                               "contact-at-customer", "contact-elsewhere", "via-azure-portal", "reseller-no-access",
                               "suspended-partner", "submitter-not-authorized", "own-tenant-csp", "severity-a-plus-csp",
                               "marketplace", "schema-invalid"])
        c, p = self.pick_relationship(azure_ok)
        uid_partner = p
        overrides = {}
        if scenario == "wrong-relationship":
            p = rng.choice([q for q in self.partners.values() if q["cloud"] == c["cloud"] and q["tenantId"] not in
                            {r["partnerTenantId"] for r in c["relationships"]}][:50])
            uid_partner = p
        elif scenario == "wrong-cloud":
            overrides["cloud"] = "germany"
        elif scenario == "phone-channel":
            overrides["channel"] = "phone"
        elif scenario == "unknown-customer":
            c = dict(c, tenantId=self.guid())
        elif scenario == "unknown-partner":
            p = dict(p, tenantId=self.guid())
        elif scenario == "contact-at-customer":
            overrides["contact"] = self.contact_email(c["domains"][0])
        elif scenario == "contact-elsewhere":
            overrides["contact"] = self.contact_email(rng.choice(["gmail.com", "outlook.com", "example.org"]))
        elif scenario == "via-azure-portal":
            overrides["via"] = "azure-portal"
        elif scenario == "reseller-no-access":
            c, p = self.pick_relationship(lambda q, granted: q["status"] == "active" and q["program"] == "indirect-reseller" and not granted)
            uid_partner = p
        elif scenario == "suspended-partner":
            c, p = self.pick_relationship(lambda q, granted: q["status"] == "suspended")
            uid_partner = p
        elif scenario == "submitter-not-authorized":
            uid_partner = rng.choice([q for q in self.partners.values() if q["tenantId"] != p["tenantId"]])
        elif scenario == "severity-a-plus-csp":
            overrides["severity"] = "highestcriticalimpact"
        draft = self.azure_customer(number, scenario, "azure-technical-customer", "technical", p, c, **overrides)
        if scenario == "own-tenant-csp":
            del draft["customerTenantId"]
        elif scenario == "marketplace":
            draft["product"] = "marketplace"
            del draft["azureTicket"]
        elif scenario == "schema-invalid":
            draft["prority"] = "high"
            del draft["azureTicket"]["properties"]["title"]
        return scenario, draft, uid_partner, False

    def drafts(self):
        entries = []
        for name, draft in self.templates.items():
            expected = json.loads((EXAMPLES / f"{name}.expected.json").read_text())["decision"] == "accept"
            partner = next(p for p in self.sample["partners"] if p["tenantId"] == draft["partnerTenantId"])
            entries.append(("example-" + name, json.dumps(draft, indent=2, ensure_ascii=False) + "\n", partner, expected))
        for number in range(self.draft_count - len(entries)):
            scenario, draft, partner, expected = self.draft(number)
            entries.append((scenario, json.dumps(draft, indent=2, ensure_ascii=False) + "\n", partner, expected))
        return {"instant": INSTANT, "drafts": [
            {"scenario": scenario, "expect": "accept" if expected else "reject",
             "uid": partner["submitters"]["uids"][0], "text": text}
            for scenario, text, partner, expected in entries]}


def write_json(path, value, one_item_per_line):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        if not one_item_per_line:
            json.dump(value, out, ensure_ascii=False)
            out.write("\n")
            return
        out.write("{\n")
        for index, (key, items) in enumerate(value.items()):
            out.write(f'  "{key}": [\n')
            out.write(",\n".join("    " + json.dumps(item, ensure_ascii=False, separators=(", ", ": ")) for item in items))
            out.write("\n  ]" + (",\n" if index + 1 < len(value) else "\n"))
        out.write("}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=pathlib.Path, help="where to write the directory JSON")
    parser.add_argument("--drafts", type=pathlib.Path, help="where to write the drafts (default: drafts.json next to the directory)")
    parser.add_argument("--partners", type=int, default=5000)
    parser.add_argument("--customers", type=int, default=100000)
    parser.add_argument("--draft-count", type=int, default=2000)
    args = parser.parse_args()
    generator = Generator(args.partners, args.customers, args.draft_count)
    directory = generator.directory()
    write_json(args.directory, directory, one_item_per_line=True)
    drafts_path = args.drafts or args.directory.with_name("drafts.json")
    drafts = generator.drafts()
    write_json(drafts_path, drafts, one_item_per_line=False)
    print(f"wrote {len(directory['partners'])} partners and {len(directory['customers'])} customers to {args.directory}, "
          f"{len(drafts['drafts'])} drafts to {drafts_path}")


if __name__ == "__main__":
    main()
