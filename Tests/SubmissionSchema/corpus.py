"""A generated corpus of drafts that the example gate accepts: every category, Azure
and Partner Center, customer and own tenant, both Azure api-versions, optional
properties on and off. Deterministic (seeded), so a failure names a file that the
next run makes again.

Every draft is built from the example directory (Config/directory.json) and the real
bodies in Tests/Fixtures, and is meant to be accepted; the runner checks that it is.
"""
import copy
import json
import pathlib
import random
import re

CATEGORIES = ["technical", "billing", "billing-dispute", "subscription-management", "fraud", "quota"]
PARTNER_CENTER_PRODUCTS = ["office365", "dynamics365", "ems"]
SUBSCRIPTION = "132d901f-189d-4381-9214-fe68e27e05a1"
# The instant the golden tests and the runner decide at.
DECIDE_AT = "2026-11-24T18:00:00Z"
NEW_IN_2024 = ["advancedDiagnosticConsent", "problemScopingQuestions", "supportPlanId", "fileWorkspaceName",
               "secondaryConsent", "enrollmentId"]
AZURE_BODIES = {
    "technical": ["2024-04-01/CreateTechnicalSupportTicketForSubscription.json", "2024-04-01/CreateTechnicalSupportTicket.json",
                  "2020-04-01/CreateTechnicalSupportTicketForSubscription.json"],
    "quota": ["2024-04-01/CreateCoresQuotaTicketForSubscription.json", "2024-04-01/CreateGenericQuotaTicket.json"],
    "billing": ["2024-04-01/CreateBillingSupportTicket.json", "2024-04-01/CreateBillingSupportTicketForSubscription.json"],
    "subscription-management": ["2024-04-01/CreateSubMgmtSupportTicket.json", "2024-04-01/CreateSubMgmtSupportTicketForSubscription.json"],
}
AZURE_BODIES["billing-dispute"] = AZURE_BODIES["billing"]
AZURE_BODIES["fraud"] = AZURE_BODIES["billing"]
LANGUAGES = ["en-US", "en-GB", "ja-JP", "de-DE", "fr-FR"]
TIME_ZONES = ["Pacific Standard Time", "Tokyo Standard Time", "W. Europe Standard Time", "UTC"]


class Directory:
    def __init__(self, path):
        data = json.loads(pathlib.Path(path).read_text())
        self.partners = {p["tenantId"]: p for p in data["partners"] if p["status"] == "active"}
        self.customers = data["customers"]

    def customer_pairs(self, azure):
        """(partner, customer) pairs a customer request is accepted for."""
        pairs = []
        for customer in self.customers:
            for relationship in customer["relationships"]:
                partner = self.partners.get(relationship["partnerTenantId"])
                if partner is None or partner["cloud"] != customer["cloud"]:
                    continue
                if azure and partner["program"] == "indirect-reseller" and not relationship["azureAccessGranted"]:
                    continue
                pairs.append((partner, customer))
        return pairs

    def entitlements(self, partner, product):
        """The partner's entitlements that hold at DECIDE_AT for an own-tenant request on product."""
        held = []
        for entitlement in partner.get("entitlements", []):
            if not (entitlement.get("validFrom", "") <= DECIDE_AT < entitlement.get("validUntil", "9999")):
                continue
            if entitlement.get("incidents") == 0 or product not in entitlement.get("products", []):
                continue
            if entitlement["kind"] == "azure-support-plan" and entitlement.get("subscriptionId") != SUBSCRIPTION:
                continue
            held.append(entitlement)
        return held


def azure_body(fixtures, path):
    example = json.loads((fixtures / "azure-support-api" / path).read_text())
    return example["parameters"]["createSupportTicketParameters"]


def contact(rng, partner):
    domain = rng.choice(partner["domains"])
    details = {
        "firstName": rng.choice(["Avery", "Kenji", "Marta", "Ola"]),
        "lastName": rng.choice(["Ito", "Nowak", "Smith", "Okafor"]),
        "primaryEmailAddress": f"support{rng.randrange(100)}@{domain}",
        "preferredContactMethod": rng.choice(["email", "phone"]),
        "preferredTimeZone": rng.choice(TIME_ZONES),
        "country": rng.choice(["usa", "jpn", "deu"]),
        "preferredSupportLanguage": rng.choice(LANGUAGES),
    }
    if details["preferredContactMethod"] == "phone" or rng.random() < 0.3:
        details["phoneNumber"] = f"+1 425 555 {rng.randrange(10000):04d}"
    if rng.random() < 0.3:
        details["additionalEmailAddresses"] = [f"oncall@{domain}", f"lead@{rng.choice(partner['domains'])}"]
    return details


def in_draft_subscription(properties):
    """The gate rejects a resource id outside the draft's subscription (RESOURCE_OUTSIDE_SUBSCRIPTION),
    and the real 2020-04-01 example names its VM under the placeholder "subid": put the resource in
    SUBSCRIPTION, the subscription every generated draft that names a resource gives."""
    details = properties.get("technicalTicketDetails")
    if details and "resourceId" in details:
        details["resourceId"] = re.sub(r"^/subscriptions/[^/]*", f"/subscriptions/{SUBSCRIPTION}", details["resourceId"], flags=re.IGNORECASE)


def names_resource(body):
    return "resourceId" in body["properties"].get("technicalTicketDetails", {})


def azure_ticket(rng, fixtures, category, partner, subscription_scope, premium):
    body = copy.deepcopy(azure_body(fixtures, rng.choice(AZURE_BODIES[category])))
    properties = body["properties"]
    in_draft_subscription(properties)
    severities = ["minimal", "moderate", "critical"] + (["highestcriticalimpact"] if premium else [])
    properties["severity"] = rng.choice(severities)
    properties["title"] = f"Generated {category} request {rng.randrange(10**6)}"
    properties["contactDetails"] = contact(rng, partner)
    if rng.random() < 0.4:
        properties["problemStartTime"] = f"2026-11-{rng.randrange(1, 24):02d}T{rng.randrange(24):02d}:15:00Z"
    if rng.random() < 0.3:
        properties["require24X7Response"] = rng.random() < 0.5
    if category == "technical" and rng.random() < 0.6:
        properties["technicalTicketDetails"] = {
            "resourceId": f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg{rng.randrange(9)}/providers/Microsoft.Compute/virtualMachines/vm{rng.randrange(99)}"}
    if subscription_scope and rng.random() < 0.3:
        # A body written for 2020-04-01: nothing that version lacks.
        for key in NEW_IN_2024:
            properties.pop(key, None)
    else:
        properties["advancedDiagnosticConsent"] = rng.choice(["Yes", "No"])
        if rng.random() < 0.3:
            properties["enrollmentId"] = f"E{rng.randrange(10**6)}"
        if rng.random() < 0.3:
            properties["secondaryConsent"] = [{"userConsent": rng.choice(["Yes", "No"]), "type": "virtualmachinerunninglinuxservice"}]
    return body


def service_request(rng, fixtures, partner):
    request = json.loads((fixtures / "partner-center" / "create-a-service-request-.request.json").read_text())
    request["Title"] = f"Generated service request {rng.randrange(10**6)}"
    request["Severity"] = rng.choice(["critical", "Moderate", "MINIMAL", "minimal"])
    request["SupportTopicId"] = str(rng.choice([32444671, 32444667, 32569836]))
    if rng.random() < 0.5:
        request["PrimaryContact"] = {"FirstName": "Avery", "LastName": "Ito",
                                     "Email": f"desk@{rng.choice(partner['domains'])}", "PhoneNumber": "+1 425 555 0100"}
    if rng.random() < 0.2:
        request["Organization"] = {"Id": partner["tenantId"], "Name": partner["name"], "PhoneNumber": None}
    if rng.random() < 0.3:
        # Partner Center reads names without regard to case.
        request = {key[0].lower() + key[1:]: value for key, value in request.items()}
    return request


def draft(rng, fixtures, directory, index, category, product):
    azure = product == "azure"
    customer_request = rng.random() < 0.6 or category in ("billing", "billing-dispute", "subscription-management", "fraud") and rng.random() < 0.5
    entitlement = None
    if customer_request:
        partner, customer = rng.choice(directory.customer_pairs(azure))
    else:
        customer = None
        candidates = [p for p in directory.partners.values() if category not in ("technical", "quota") or directory.entitlements(p, product)]
        partner = rng.choice(candidates)
        if category in ("technical", "quota"):
            entitlement = rng.choice(directory.entitlements(partner, product))
    subscription_scope = azure and category in ("technical", "quota")
    premium = entitlement is not None and entitlement["kind"] in ("premier", "unified")
    result = {
        "apiVersion": "supportgate/v1",
        "draftId": f"corpus-{category}-{index:04d}",
        "partnerTenantId": partner["tenantId"],
        "cloud": partner["cloud"],
        "product": product,
        "category": category,
    }
    if customer:
        result["customerTenantId"] = customer["tenantId"]
    if entitlement:
        result["entitlement"] = {"kind": entitlement["kind"], "id": entitlement["id"]}
    if azure and (subscription_scope or rng.random() < 0.5):
        result["azureSubscriptionId"] = SUBSCRIPTION
    if category == "technical":
        result["escalation"] = {"troubleshooted": True, "reason": "Checked the service health page first."}
    if azure:
        result["azureTicket"] = azure_ticket(rng, fixtures, category, partner, subscription_scope, premium)
        if names_resource(result["azureTicket"]):
            # A resource id needs the subscription it is in (RESOURCE_OUTSIDE_SUBSCRIPTION).
            result["azureSubscriptionId"] = SUBSCRIPTION
    else:
        result["serviceRequest"] = service_request(rng, fixtures, partner)
        if rng.random() < 0.4:
            result["agentLocale"] = rng.choice(LANGUAGES)
    return result


def generate(out, fixtures, directory_path, per_category=220, seed=20261201):
    """Writes the corpus into out/ and returns the file paths: per_category Azure drafts
    for each category, and a fifth as many Partner Center ones."""
    rng = random.Random(seed)
    directory = Directory(directory_path)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for category in CATEGORIES:
        products = ["azure"] * per_category + [rng.choice(PARTNER_CENTER_PRODUCTS) for _ in range(per_category // 5)]
        for index, product in enumerate(products):
            item = draft(rng, fixtures, directory, index, category, product)
            path = out / f"{item['draftId']}.json"
            path.write_text(json.dumps(item, indent=1))
            paths.append(path)
    return paths
