"""The double's world and its memory: tenants, apps, customers, subscriptions, refresh
tokens, service requests, tickets, async operations, settings, violations and counters.

Every change is one JSON line appended to DIR/journal.jsonl ("set table key value" or
"append to a list"), flushed before the answer that depends on it is sent; a start
replays DIR/state.json and the journal, then writes a fresh state.json and empties the
journal. So the double can be stopped (or killed) and started again without forgetting a
ticket, and a change costs one short write however many tickets there are.
"""
import collections
import copy
import json
import os
import secrets
import threading
import time

DEFAULT_SETTINGS = {
    "latencyMs": 0,                       # added before every answer but the control API's
    "expiresIn": 3600,                    # access tokens' lifetime, seconds
    "refreshTokenLifetimeSeconds": 90 * 86400,
    "refreshTokenGraceSeconds": 0,        # how long a rotated-away refresh token still works
    "asyncOperationSeconds": 0.0,         # how long a create's operation reports InProgress
    "asyncRetryAfterSeconds": 0,          # Retry-After on the 202 and on InProgress answers
    "retryAfterSeconds": 1,               # Retry-After on an injected 429 / 503
    "rejectUnknownProperties": False,     # a body property the document does not name: 400
    "ticketVisibleDuringOperation": True, # GET finds a ticket while its operation runs
    "faults": {"429": 0.0, "500": 0.0, "503": 0.0, "resetAfterCreate": 0.0,
               "expiredToken": 0.0, "asyncFailed": 0.0},
    "faultKinds": ["token", "arm-create", "arm-get", "arm-poll", "arm-check-name", "pc-get", "pc-list"],
    "faultSeed": None,
}

TABLES = ("apps", "customers", "subscriptions", "tenants", "refreshTokens", "serviceRequests",
          "tickets", "operations", "settings", "meta")


class World:
    def __init__(self, state_dir):
        self.state_dir = state_dir
        self.lock = threading.RLock()
        self.tables = {name: {} for name in TABLES}
        self.violations = []
        self.stats = collections.Counter()
        self.faults_injected = collections.Counter()
        self.answers = collections.Counter()   # "kind status" -> count, since this start
        self.once_faults = []           # one-shot faults, in order (not persisted: test steering)
        self.down_until = 0.0
        self.expired_before = {}        # tenantId or "*" -> time: tokens issued before are expired
        self._load()
        self.journal = open(os.path.join(state_dir, "journal.jsonl"), "a", encoding="utf-8")
        if "signingKey" not in self.tables["meta"]:
            self.put("meta", "signingKey", secrets.token_hex(32))
        if "serial" not in self.tables["meta"]:
            self.put("meta", "serial", 0)

    # --- persistence ---------------------------------------------------------------

    def _load(self):
        snapshot = os.path.join(self.state_dir, "state.json")
        journal = os.path.join(self.state_dir, "journal.jsonl")
        if os.path.exists(snapshot):
            with open(snapshot, encoding="utf-8") as f:
                data = json.load(f)
            for name in TABLES:
                self.tables[name] = data.get("tables", {}).get(name, {})
            self.violations = data.get("violations", [])
            self.stats.update(data.get("stats", {}))
            self.faults_injected.update(data.get("faultsInjected", {}))
            self.expired_before = data.get("expiredBefore", {})
        if os.path.exists(journal):
            with open(journal, encoding="utf-8") as f:
                for line in f:
                    try:
                        entry = json.loads(line)
                    except ValueError:
                        break  # a line cut by a kill: everything before it stands
                    self._apply(entry)
        self._snapshot()
        with open(journal, "w", encoding="utf-8"):
            pass

    def _snapshot(self):
        data = {"tables": self.tables, "violations": self.violations, "stats": dict(self.stats),
                "faultsInjected": dict(self.faults_injected), "expiredBefore": self.expired_before}
        path = os.path.join(self.state_dir, "state.json")
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(data, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(path + ".tmp", path)

    def _apply(self, entry):
        op = entry["op"]
        if op == "put":
            self.tables[entry["t"]][entry["k"]] = entry["v"]
        elif op == "delete":
            self.tables[entry["t"]].pop(entry["k"], None)
        elif op == "violation":
            self.violations.append(entry["v"])
        elif op == "expire":
            self.expired_before[entry["k"]] = entry["v"]

    def _write(self, entry):
        self.journal.write(json.dumps(entry, separators=(",", ":")) + "\n")
        self.journal.flush()

    def put(self, table, key, value):
        with self.lock:
            self.tables[table][key] = value
            self._write({"op": "put", "t": table, "k": key, "v": value})

    def delete(self, table, key):
        with self.lock:
            self.tables[table].pop(key, None)
            self._write({"op": "delete", "t": table, "k": key})

    def close(self):
        with self.lock:
            self.journal.close()
            self._snapshot()
            with open(os.path.join(self.state_dir, "journal.jsonl"), "w", encoding="utf-8"):
                pass

    # --- the world's facts ------------------------------------------------------------

    def extend(self, config):
        """Adds a world description (the --config file, or POST /_double/world). What is
        already known keeps its state: a refresh token already rotated or revoked stays so,
        a service request keeps the status it has, a ticket is never touched."""
        with self.lock:
            for tenant in config.get("tenants", []):
                self.put("tenants", tenant, True)
            for app in config.get("apps", []):
                missing = {"tenantId", "clientId", "clientSecret"} - set(app)
                if missing:
                    raise ValueError(f"an app lacks {sorted(missing)}")
                self.put("apps", app["clientId"], {k: app[k] for k in ("tenantId", "clientId", "clientSecret")})
                self.put("tenants", app["tenantId"], True)
            for customer, partners in config.get("customers", {}).items():
                # One partner, or several (a customer may buy from more than one CSP).
                partners = [partners] if isinstance(partners, str) else list(partners)
                known = self.tables["customers"].get(customer, [])
                self.put("customers", customer, known + [p for p in partners if p not in known])
                self.put("tenants", customer, True)
                for partner in partners:
                    self.put("tenants", partner, True)
            for subscription, tenant in config.get("subscriptions", {}).items():
                self.put("subscriptions", subscription.lower(), tenant)
                self.put("tenants", tenant, True)
            for token in config.get("refreshTokens", []):
                if token["token"] in self.tables["refreshTokens"]:
                    continue
                lifetime = token.get("expiresInSeconds", self.setting("refreshTokenLifetimeSeconds"))
                self.put("refreshTokens", token["token"], {
                    "tenantId": token["tenantId"], "clientId": token["clientId"],
                    "user": token.get("user", "admin@" + token["tenantId"]),
                    "expiresAt": time.time() + lifetime, "revoked": False,
                    "rotatedAt": None, "rotatedTo": None, "family": token.get("family", token["token"])})
            for request in config.get("serviceRequests", []):
                if request["id"] in self.tables["serviceRequests"]:
                    continue
                self.put("serviceRequests", request["id"], service_request_defaults(request))
            if "settings" in config:
                self.update_settings(config["settings"])

    def update_settings(self, changes):
        with self.lock:
            for key, value in changes.items():
                if key not in DEFAULT_SETTINGS:
                    raise ValueError(f"unknown setting {key!r} (known: {sorted(DEFAULT_SETTINGS)})")
                if key == "faults":
                    unknown = set(value) - set(DEFAULT_SETTINGS["faults"])
                    if unknown:
                        raise ValueError(f"unknown faults {sorted(unknown)} (known: {sorted(DEFAULT_SETTINGS['faults'])})")
                    value = {**self.setting("faults"), **value}
                self.put("settings", key, value)

    def partners_of(self, customer):
        with self.lock:
            return list(self.tables["customers"].get(customer, []))

    def setting(self, key):
        return copy.deepcopy(self.tables["settings"].get(key, DEFAULT_SETTINGS[key]))

    def settings(self):
        return {key: self.setting(key) for key in DEFAULT_SETTINGS}

    def next_serial(self):
        with self.lock:
            serial = self.tables["meta"]["serial"] + 1
            self.put("meta", "serial", serial)
            return serial

    # --- what the tests read ----------------------------------------------------------

    def violation(self, kind, detail, request=None):
        entry = {"at": iso_now(), "kind": kind, "detail": detail}
        if request is not None:
            entry["request"] = request
        with self.lock:
            self.violations.append(entry)
            self._write({"op": "violation", "v": entry})

    def count(self, kind):
        with self.lock:
            self.stats[kind] += 1

    def count_answer(self, kind, status):
        with self.lock:
            self.answers[f"{kind} {status}"] += 1

    def count_fault(self, fault):
        with self.lock:
            self.faults_injected[fault] += 1

    def expire_tokens(self, tenant):
        with self.lock:
            key = tenant or "*"
            now = time.time()
            self.expired_before[key] = now
            self._write({"op": "expire", "k": key, "v": now})


def service_request_defaults(request):
    now = iso_now()
    result = {"partnerTenantId": request["partnerTenantId"], "customerTenantId": request.get("customerTenantId"),
              "title": request.get("title", "Service request"), "description": request.get("description", ""),
              "severity": request.get("severity", "minimal"), "supportTopicId": request.get("supportTopicId", "32444671"),
              "supportTopicName": request.get("supportTopicName", "Other"), "status": request.get("status", "open"),
              "productId": request.get("productId", "15960"), "createdDate": request.get("createdDate", now),
              "lastModifiedDate": request.get("lastModifiedDate", now), "lastClosedDate": "0001-01-01T00:00:00"}
    return result


def iso_now(at=None):
    moment = time.time() if at is None else at
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(moment)) + ".%03dZ" % int((moment % 1) * 1000)
