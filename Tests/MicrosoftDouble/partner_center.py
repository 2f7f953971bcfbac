"""Partner Center service requests, read side (creating them was retired on 2020-08-31):
GET /v1/servicerequests/{id} and GET /v1/customers/{customerTenantId}/servicerequests,
with an App+User token (refresh-token grant) for Partner Center. Shapes as
Tests/Fixtures/partner-center/get-*.response.json show.
"""
import re
import uuid

from authority import PARTNER_CENTER
from arm_auth import challenge
from support_api import Answer

BY_ID = re.compile(r"^/v1/servicerequests/([^/]+)$", re.IGNORECASE)
BY_CUSTOMER = re.compile(r"^/v1/customers/([^/]+)/servicerequests$", re.IGNORECASE)


class PartnerCenterError(Exception):
    def __init__(self, status, code, description, violation=None, challenge_text=None):
        super().__init__(description)
        self.status, self.code, self.description = status, code, description
        self.violation, self.challenge = violation, challenge_text


class PartnerCenter:
    def __init__(self, world, authority):
        self.world = world
        self.authority = authority

    @staticmethod
    def kind(path):
        if BY_ID.match(path):
            return "pc-get"
        if BY_CUSTOMER.match(path):
            return "pc-list"
        return "pc-other"

    def handle(self, request):
        try:
            answer = self.route(request)
        except PartnerCenterError as error:
            if error.violation:
                self.world.violation(error.violation, f"{error.status} {error.code}: {error.description}", request.summary())
            headers = {"WWW-Authenticate": error.challenge} if error.challenge else {}
            answer = Answer(error.status, {"code": error.code, "description": error.description, "data": [],
                                           "source": "PartnerFD"}, headers)
        answer.headers["MS-RequestId"] = request.headers.get("MS-RequestId") or str(uuid.uuid4())
        answer.headers["MS-CorrelationId"] = request.headers.get("MS-CorrelationId") or str(uuid.uuid4())
        return answer

    def route(self, request):
        if request.method != "GET":
            raise PartnerCenterError(405, 405, f"The double serves only GET on Partner Center service requests "
                                     f"(creating them was retired on 2020-08-31).", violation="pc-method")
        claims = self.caller(request)
        found = BY_ID.match(request.path)
        if found:
            return self.by_id(found.group(1), claims)
        found = BY_CUSTOMER.match(request.path)
        if found:
            return self.by_customer(found.group(1), claims)
        raise PartnerCenterError(404, 404, f"No Partner Center resource at {request.path} in the double.",
                                 violation="pc-unknown-path")

    def caller(self, request):
        header = request.headers.get("Authorization", "")
        scheme, _, text = header.partition(" ")
        if scheme.lower() != "bearer" or not text.strip():
            raise PartnerCenterError(401, 401, "The request has no bearer token.", violation="no-token",
                                     challenge_text=challenge(request.base, "common", "The access token is missing."))
        claims = self.authority.verify(text.strip())
        if claims is None:
            raise PartnerCenterError(401, 401, "The access token is invalid.", violation="invalid-token",
                                     challenge_text=challenge(request.base, "common", "The access token is invalid."))
        if claims.get("aud", "").rstrip("/") != PARTNER_CENTER:
            raise PartnerCenterError(401, 401, f"The access token's audience '{claims.get('aud')}' is not Partner Center.",
                                     violation="wrong-audience",
                                     challenge_text=challenge(request.base, claims.get("tid"), "The access token has an invalid audience."))
        if request.force_expired or self.authority.expired(claims):
            raise PartnerCenterError(401, 401, "The access token has expired.",
                                     challenge_text=challenge(request.base, claims.get("tid"), "The access token has expired."))
        if claims.get("idtyp") != "user":
            raise PartnerCenterError(403, 403, "Service requests support App+User authentication only; this token "
                                     "is app-only (client credentials).", violation="app-only-token")
        return claims

    def by_id(self, request_id, claims):
        with self.world.lock:
            record = self.world.tables["serviceRequests"].get(request_id)
        if record is None or record["partnerTenantId"] != claims["tid"]:
            raise PartnerCenterError(404, 404, f"Service request {request_id} was not found.")
        return Answer(200, render(request_id, record))

    def by_customer(self, customer, claims):
        partners = self.world.partners_of(customer)
        with self.world.lock:
            records = [(k, v) for k, v in self.world.tables["serviceRequests"].items() if v.get("customerTenantId") == customer]
        if claims["tid"] not in partners:
            raise PartnerCenterError(403, 403, f"Customer {customer} is not a customer of tenant {claims['tid']}.",
                                     violation="pc-foreign-customer")
        items = [render(k, v) for k, v in records if v["partnerTenantId"] == claims["tid"]]
        return Answer(200, {"totalCount": len(items), "items": items, "attributes": {"objectType": "Collection"}})


def render(request_id, record):
    return {"title": record["title"], "description": record["description"], "severity": record["severity"],
            "supportTopicId": record["supportTopicId"], "supportTopicName": record["supportTopicName"],
            "id": request_id, "status": record["status"],
            "organization": {"id": record["partnerTenantId"], "name": record["partnerTenantId"]},
            "productId": record["productId"], "createdDate": record["createdDate"],
            "lastModifiedDate": record["lastModifiedDate"], "lastClosedDate": record["lastClosedDate"],
            "notes": [], "attributes": {"objectType": "ServiceRequest"}}
