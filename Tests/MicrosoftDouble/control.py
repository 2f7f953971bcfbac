"""The control API under /_double/: no authentication (loopback tests only), JSON in and
out. It steers the world and its faults and shows what happened; README.md lists it."""
import json
import time

from support_api import Answer
from world import DEFAULT_SETTINGS, iso_now

ONCE_FAULTS = {"429", "500", "503", "reset", "resetAfterCreate", "expiredToken", "asyncFailed"}


class Control:
    def __init__(self, world, support):
        self.world = world
        self.support = support

    def handle(self, request):
        try:
            body = json.loads(request.body) if request.body else {}
        except ValueError as error:
            return Answer(400, {"error": f"the body is not JSON: {error}"})
        route = (request.method, request.path.rstrip("/"))
        try:
            handler = {
                ("GET", "/_double/health"): lambda: {"ok": True},
                ("POST", "/_double/world"): lambda: self.world.extend(body) or {"ok": True},
                ("GET", "/_double/settings"): self.world.settings,
                ("POST", "/_double/settings"): lambda: self.world.update_settings(body) or self.world.settings(),
                ("POST", "/_double/faults/once"): lambda: self.once(body),
                ("POST", "/_double/down"): lambda: self.down(body),
                ("POST", "/_double/tokens/expire"): lambda: self.world.expire_tokens(body.get("tenantId")) or {"ok": True},
                ("GET", "/_double/refresh-tokens"): self.refresh_tokens,
                ("POST", "/_double/refresh-tokens/revoke"): lambda: self.revoke(body),
                ("GET", "/_double/tickets"): self.tickets,
                ("POST", "/_double/tickets/status"): lambda: self.ticket_status(body),
                ("GET", "/_double/servicerequests"): self.service_requests,
                ("POST", "/_double/servicerequests/status"): lambda: self.service_request_status(body),
                ("GET", "/_double/violations"): lambda: list(self.world.violations),
                ("GET", "/_double/stats"): self.stats,
            }.get(route)
            if handler is None:
                return Answer(404, {"error": f"no control call {request.method} {request.path}"})
            return Answer(200, handler())
        except (KeyError, ValueError, TypeError) as error:
            return Answer(400, {"error": str(error)})

    def once(self, body):
        """One-shot faults: [{"fault": "503", "kind": "arm-create"}, ...], each used by the
        next request of that kind ("any" for any kind but control)."""
        entries = body if isinstance(body, list) else [body]
        for entry in entries:
            if entry.get("fault") not in ONCE_FAULTS:
                raise ValueError(f"unknown fault {entry.get('fault')!r} (known: {sorted(ONCE_FAULTS)})")
        with self.world.lock:
            self.world.once_faults.extend({"fault": e["fault"], "kind": e.get("kind", "any")} for e in entries)
            return {"pending": list(self.world.once_faults)}

    def down(self, body):
        seconds = float(body["seconds"])
        with self.world.lock:
            self.world.down_until = time.time() + seconds
        self.world.count_fault("down")
        return {"downUntil": iso_now(self.world.down_until)}

    def refresh_tokens(self):
        with self.world.lock:
            items = list(self.world.tables["refreshTokens"].items())
        now = time.time()
        return [{"token": token, "tenantId": r["tenantId"], "clientId": r["clientId"], "user": r["user"],
                 "current": r["rotatedAt"] is None and not r["revoked"] and r["expiresAt"] > now,
                 "revoked": r["revoked"], "rotatedTo": r["rotatedTo"], "expiresAt": iso_now(r["expiresAt"])}
                for token, r in items]

    def revoke(self, body):
        revoked = 0
        with self.world.lock:
            for token, record in list(self.world.tables["refreshTokens"].items()):
                if body.get("token") == token or (
                        "token" not in body and record["tenantId"] == body.get("tenantId")
                        and body.get("clientId") in (None, record["clientId"])):
                    self.world.put("refreshTokens", token, {**record, "revoked": True})
                    revoked += 1
        return {"revoked": revoked}

    def tickets(self):
        now = time.time()
        with self.world.lock:
            tickets = list(self.world.tables["tickets"].values())
            result = []
            for t in tickets:
                operation = self.world.tables["operations"].get(t["operationId"], {})
                result.append({"name": t["name"], "id": t["id"], "tenantId": t["tenantId"],
                               "partnerTenantId": t["partnerTenantId"], "subscriptionId": t["subscriptionId"],
                               "apiVersion": t["apiVersion"], "supportTicketId": t["supportTicketId"],
                               "status": t["status"], "creates": t["creates"], "createdDate": t["createdDate"],
                               "exists": self.support.exists(t, now),
                               "operation": self.support.operation_state(operation, now) if operation else None,
                               "title": t["body"].get("properties", {}).get("title")})
        return result

    def ticket_status(self, body):
        status = body["status"]
        with self.world.lock:
            matches = [t for t in self.world.tables["tickets"].values()
                       if body.get("id", "").lower() == t["key"] or body.get("name") == t["name"]
                       or body.get("supportTicketId") == t["supportTicketId"]]
            if len(matches) != 1:
                raise ValueError(f"{len(matches)} tickets match {body}; give id, name or supportTicketId of exactly one")
            ticket = {**matches[0], "status": status, "modifiedDate": iso_now()}
            self.world.put("tickets", ticket["key"], ticket)
        return {"name": ticket["name"], "status": status}

    def service_requests(self):
        with self.world.lock:
            return [{"id": k, **v} for k, v in self.world.tables["serviceRequests"].items()]

    def service_request_status(self, body):
        with self.world.lock:
            record = self.world.tables["serviceRequests"][body["id"]]
            now = iso_now()
            record = {**record, "status": body["status"], "lastModifiedDate": now}
            if body["status"] == "closed":
                record["lastClosedDate"] = now
            self.world.put("serviceRequests", body["id"], record)
        return {"id": body["id"], "status": body["status"]}

    def stats(self):
        with self.world.lock:
            return {"requests": dict(self.world.stats), "answers": dict(self.world.answers),
                    "faultsInjected": dict(self.world.faults_injected),
                    "tickets": len(self.world.tables["tickets"]), "violations": len(self.world.violations),
                    "settings": self.world.settings(), "defaults": DEFAULT_SETTINGS}
