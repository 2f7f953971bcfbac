"""The Azure Support API (Microsoft.Support) of both api-versions the repository has
documents for: create a ticket (202 and an async operation), get it, check a name.
What a path and a body may be comes from Microsoft's OpenAPI document of the request's
api-version; who may call comes from arm_auth.
"""
import json
import random
import time
import urllib.parse
import uuid

from arm_auth import ArmAuth, ArmError
from world import iso_now

CREATE_IDS = ("SupportTickets_Create", "SupportTicketsNoSubscription_Create")
GET_IDS = ("SupportTickets_Get", "SupportTicketsNoSubscription_Get")
CHECK_IDS = ("SupportTickets_CheckNameAvailability", "SupportTicketsNoSubscription_CheckNameAvailability")


class Answer:
    def __init__(self, status, body=None, headers=None, reset=False):
        self.status, self.body, self.headers, self.reset = status, body, dict(headers or {}), reset


class SupportApi:
    def __init__(self, world, authority, documents):
        self.world = world
        self.auth = ArmAuth(world, authority)
        self.documents = documents
        self.random = random.Random(world.setting("faultSeed"))

    def handle(self, request):
        try:
            answer = self.route(request)
        except ArmError as error:
            if error.violation:
                self.world.violation(error.violation, f"{error.status} {error.code}: {error.message}", request.summary())
            headers = {"x-ms-failure-cause": "gateway"} if error.status in (401, 403) else {}
            if error.challenge:
                headers["WWW-Authenticate"] = error.challenge
            answer = Answer(error.status, {"error": {"code": error.code, "message": error.message}}, headers)
        answer.headers.setdefault("x-ms-request-id", str(uuid.uuid4()))
        answer.headers.setdefault("x-ms-correlation-request-id", request.headers.get("x-ms-correlation-request-id") or str(uuid.uuid4()))
        return answer

    def route(self, request):
        subscription = subscription_of(request.path)
        segments = request.path.split("/")
        if len(segments) >= 2 and segments[-2].lower() in ("operationsstatus", "operationresults"):
            return self.poll(request, segments[-2].lower(), segments[-1])
        versions = request.query_all.get("api-version", [])
        if not versions:
            raise ArmError(400, "MissingApiVersionParameter",
                           "The api-version query parameter (?api-version=) is required for all requests.",
                           violation="no-api-version")
        version = versions[0]
        caller = self.auth.authorize(request, subscription, action_of(request))
        if version not in self.documents.versions:
            raise ArmError(400, "NoRegisteredProviderFound",
                           f"No registered resource provider found for location 'global' and API version '{version}' "
                           f"for type 'supportTickets'. The supported api-versions are "
                           f"'{', '.join(sorted(self.documents.versions))}'.", violation="unknown-api-version")
        operation, parameters = self.documents.find(version, request.method, request.path)
        if operation is None:
            if self.documents.path_known(version, request.path):
                raise ArmError(405, "MethodNotAllowed",
                               f"The requested resource does not support http method '{request.method}'.",
                               violation="method-not-in-document")
            raise ArmError(400, "InvalidResourceType",
                           f"The resource path '{request.path}' could not be found in the namespace 'Microsoft.Support' "
                           f"for api version '{version}'.", violation="path-not-in-document")
        if operation.operation_id in CREATE_IDS:
            return self.create(request, operation, parameters, caller, version)
        if operation.operation_id in GET_IDS:
            return self.get(request, parameters, caller)
        if operation.operation_id in CHECK_IDS:
            return self.check_name(request, operation, parameters, caller)
        raise ArmError(501, "NotImplemented", f"The double does not serve {operation.operation_id}.")

    # --- create ---------------------------------------------------------------------

    def body(self, request, operation):
        media = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media != "application/json":
            raise ArmError(415, "UnsupportedMediaType",
                           f"The content media type '{media or '(none)'}' is not supported. Only 'application/json' is supported.",
                           violation="not-json")
        try:
            body = json.loads(request.body)
        except ValueError as error:
            raise ArmError(400, "InvalidRequestContent",
                           f"The request content was invalid and could not be deserialized: '{error}'.", violation="invalid-json")
        errors, unknown = operation.problems(body, closed_too=True)
        if errors:
            raise ArmError(400, "BadRequest", f"The request body does not match {operation.operation_id} of api-version "
                           f"{operation.version}: " + "; ".join(errors[:8]), violation="invalid-body")
        if unknown:
            message = f"properties the document of api-version {operation.version} does not name: " + "; ".join(unknown[:8])
            if self.world.setting("rejectUnknownProperties"):
                raise ArmError(400, "BadRequest", "The request body has " + message, violation="unknown-property")
            self.world.violation("unknown-property", message, request.summary())
        return body

    def create(self, request, operation, parameters, caller, version):
        body = self.body(request, operation)
        name = parameters["supportTicketName"]
        subscription = parameters.get("subscriptionId")
        key, resource_id = ticket_key(subscription, caller.tenant, name)
        now = time.time()
        with self.world.lock:
            existing = self.world.tables["tickets"].get(key)
            if existing is not None and self.exists(existing, now):
                creates = existing["creates"] + 1
                self.world.put("tickets", key, {**existing, "creates": creates})
                self.world.violation("duplicate-create", f"a second PUT of ticket '{name}' ({resource_id}); "
                                     f"create #{creates}", request.summary())
                raise ArmError(409, "Conflict", f"A support ticket named '{name}' already exists in this scope. "
                               "Ticket names are unique; check a name with checkNameAvailability before creating.")
            serial = self.world.next_serial()
            operation_id = str(uuid.uuid4())
            failed = self.fault_hits("asyncFailed", request)
            self.world.put("operations", operation_id, {
                "ticketKey": key, "startedAt": now, "seconds": float(self.world.setting("asyncOperationSeconds")),
                "outcome": "Failed" if failed else "Succeeded", "tenantId": caller.tenant,
                "partnerTenantId": caller.partner, "subscriptionId": subscription})
            ticket = {"key": key, "id": resource_id, "name": name, "subscriptionId": subscription,
                      "tenantId": caller.tenant, "partnerTenantId": caller.partner, "apiVersion": version,
                      "appId": caller.claims.get("appid"), "body": body,
                      "supportTicketId": "%s%09d" % (time.strftime("%y%m%d", time.gmtime(now)), serial),
                      "status": "Open", "createdDate": iso_now(now), "modifiedDate": iso_now(now),
                      "creates": (existing["creates"] + 1) if existing else 1, "operationId": operation_id}
            self.world.put("tickets", key, ticket)
        prefix = f"{request.base}/subscriptions/{subscription}" if subscription else request.base
        query = urllib.parse.urlencode({"api-version": version})
        retry_after = str(int(self.world.setting("asyncRetryAfterSeconds")))
        headers = {"Azure-AsyncOperation": f"{prefix}/providers/Microsoft.Support/operationsStatus/{operation_id}?{query}",
                   "Location": f"{prefix}/providers/Microsoft.Support/operationResults/{operation_id}?{query}",
                   "Retry-After": retry_after}
        reset = self.fault_hits("resetAfterCreate", request)
        return Answer(202, None, headers, reset=reset)

    def fault_hits(self, fault, request=None):
        if request is not None and request.once_fault == fault:
            self.world.count_fault(fault)
            return True
        probability = self.world.setting("faults").get(fault, 0.0)
        if probability and self.random.random() < probability:
            self.world.count_fault(fault)
            return True
        return False

    def operation_state(self, operation, now):
        if now < operation["startedAt"] + operation["seconds"]:
            return "InProgress"
        return operation["outcome"]

    def exists(self, ticket, now):
        """Whether GET finds the ticket (and a PUT of its name is a second create)."""
        operation = self.world.tables["operations"].get(ticket["operationId"])
        if operation is None:
            return True
        state = self.operation_state(operation, now)
        if state == "InProgress":
            return bool(self.world.setting("ticketVisibleDuringOperation"))
        return state == "Succeeded"

    # --- the async operation ---------------------------------------------------------

    def poll(self, request, kind, operation_id):
        with self.world.lock:
            operation = self.world.tables["operations"].get(operation_id)
        if operation is None:
            raise ArmError(404, "OperationNotFound", f"The operation '{operation_id}' was not found.",
                           violation="unknown-operation")
        self.auth.poller(request, operation)
        now = time.time()
        state = self.operation_state(operation, now)
        retry = {"Retry-After": str(int(self.world.setting("asyncRetryAfterSeconds")))}
        if kind == "operationresults":
            if state == "InProgress":
                return Answer(202, None, {**retry, "Location": request.url})
            if state == "Failed":
                return Answer(400, {"error": failure()})
            with self.world.lock:
                ticket = self.world.tables["tickets"].get(operation["ticketKey"])
            return Answer(200, render(ticket))
        status = {"id": request.path, "name": operation_id, "status": state, "startTime": iso_now(operation["startedAt"])}
        if state != "InProgress":
            status["endTime"] = iso_now(operation["startedAt"] + operation["seconds"])
        if state == "Failed":
            status["error"] = failure()
        return Answer(200, status, retry if state == "InProgress" else {})

    # --- get and checkNameAvailability ---------------------------------------------

    def get(self, request, parameters, caller):
        name = parameters["supportTicketName"]
        key, resource_id = ticket_key(parameters.get("subscriptionId"), caller.tenant, name)
        with self.world.lock:
            ticket = self.world.tables["tickets"].get(key)
            found = ticket is not None and self.exists(ticket, time.time())
        if not found:
            raise ArmError(404, "ResourceNotFound",
                           f"The Resource 'Microsoft.Support/supportTickets/{name}' under resource group '<null>' was "
                           "not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix")
        return Answer(200, render(ticket))

    def check_name(self, request, operation, parameters, caller):
        body = self.body(request, operation)
        available = True
        if body["type"] == "Microsoft.Support/supportTickets":
            key, _ = ticket_key(parameters.get("subscriptionId"), caller.tenant, body["name"])
            with self.world.lock:
                ticket = self.world.tables["tickets"].get(key)
                available = ticket is None or not self.exists(ticket, time.time())
        if available:
            return Answer(200, {"nameAvailable": True})
        return Answer(200, {"nameAvailable": False, "reason": "Name not available", "message": "Name is already in use"})


def subscription_of(path):
    segments = path.split("/")
    if len(segments) > 2 and segments[1].lower() == "subscriptions":
        return segments[2]
    return None


def action_of(request):
    if request.method == "PUT":
        return "Microsoft.Support/supportTickets/write"
    if request.path.lower().endswith("/checknameavailability"):
        return "Microsoft.Support/checkNameAvailability/action"
    return "Microsoft.Support/supportTickets/read"


def ticket_key(subscription, tenant, name):
    if subscription:
        resource_id = f"/subscriptions/{subscription}/providers/Microsoft.Support/supportTickets/{name}"
        return resource_id.lower(), resource_id
    return f"tenant:{tenant}/{name}".lower(), f"/providers/Microsoft.Support/supportTickets/{name}"


def failure():
    return {"code": "SupportTicketCreationFailed", "message": "The double was told to fail this creation (faults.asyncFailed)."}


def render(ticket):
    """SupportTicketDetails as GET returns it: what was sent, with what the service adds."""
    properties = dict(ticket["body"].get("properties", {}))
    created = ticket["createdDate"]
    properties.update({
        "supportTicketId": ticket["supportTicketId"], "status": ticket["status"],
        "createdDate": created, "modifiedDate": ticket["modifiedDate"],
        "problemClassificationDisplayName": properties.get("problemClassificationId", "").rsplit("/", 1)[-1],
        "serviceDisplayName": properties.get("serviceId", "").rsplit("/", 1)[-1],
        "serviceLevelAgreement": {"startTime": created, "expirationTime": created, "slaMinutes": 240},
        "supportEngineer": {"emailAddress": None}, "supportPlanType": "Premier", "supportPlanDisplayName": "Premier",
    })
    properties.setdefault("require24X7Response", False)
    return {"id": ticket["id"], "name": ticket["name"], "type": "Microsoft.Support/supportTickets", "properties": properties}
