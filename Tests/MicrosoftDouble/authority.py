"""The authority (Microsoft Entra ID, "AAD"): the v2.0 token endpoint with the client
credentials and refresh-token grants, the tenant discovery document MSAL reads first, and
instance discovery. Errors have AAD's shape and AADSTS codes.

Access tokens are JWT-shaped (header.payload.signature, base64url) but signed with HS256
and a key only the double knows (DIR/state.json): AAD signs with RS256 keys it publishes.
Nothing outside the double can check a signature, and the double checks every one.
"""
import base64
import hashlib
import hmac
import json
import secrets
import time
import urllib.parse
import uuid

from world import iso_now

MANAGEMENT = "https://management.azure.com"
PARTNER_CENTER = "https://api.partnercenter.microsoft.com"
# Scope resource (what precedes "/.default") -> the token's aud. ARM also accepts tokens
# for its older identifier, and AAD takes "https://management.azure.com//.default" too.
RESOURCES = {
    "https://management.azure.com": MANAGEMENT,
    "https://management.azure.com/": MANAGEMENT,
    "https://management.core.windows.net": MANAGEMENT,
    "https://management.core.windows.net/": MANAGEMENT,
    "https://api.partnercenter.microsoft.com": PARTNER_CENTER,
    "https://api.partnercenter.microsoft.com/": PARTNER_CENTER,
}
OIDC_SCOPES = {"openid", "profile", "offline_access", "email"}


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class AadError(Exception):
    def __init__(self, status, error, code, message, violation="token-request"):
        super().__init__(message)
        self.status, self.error, self.code, self.message = status, error, code, message
        # The kind of violation to record: a request a correct client would not send. None
        # for what a correct client meets anyway (a refresh token expired or revoked).
        self.violation = violation

    def body(self, base):
        trace, correlation = str(uuid.uuid4()), str(uuid.uuid4())
        return {"error": self.error,
                "error_description": f"AADSTS{self.code}: {self.message} Trace ID: {trace} "
                                     f"Correlation ID: {correlation} Timestamp: {iso_now()}",
                "error_codes": [self.code], "timestamp": iso_now(), "trace_id": trace,
                "correlation_id": correlation, "error_uri": f"{base}/error?code={self.code}"}


class Authority:
    def __init__(self, world):
        self.world = world

    # --- tokens ---------------------------------------------------------------------

    def sign(self, claims):
        header = b64url(json.dumps({"typ": "JWT", "alg": "HS256", "kid": "supportgate-double"}).encode())
        payload = b64url(json.dumps(claims, separators=(",", ":")).encode())
        key = bytes.fromhex(self.world.tables["meta"]["signingKey"])
        signature = hmac.new(key, f"{header}.{payload}".encode(), hashlib.sha256).digest()
        return f"{header}.{payload}.{b64url(signature)}"

    def verify(self, token):
        """The claims of a token this double issued, whatever its age; None when it is not
        one (malformed, or a signature that does not match)."""
        parts = token.split(".")
        if len(parts) != 3:
            return None
        key = bytes.fromhex(self.world.tables["meta"]["signingKey"])
        expected = hmac.new(key, f"{parts[0]}.{parts[1]}".encode(), hashlib.sha256).digest()
        try:
            if not hmac.compare_digest(expected, b64url_decode(parts[2])):
                return None
            return json.loads(b64url_decode(parts[1]))
        except ValueError:
            return None

    def expired(self, claims, now=None):
        """True when the token's exp has passed, or a control call expired it."""
        now = time.time() if now is None else now
        if claims.get("exp", 0) <= now:
            return True
        issued = claims.get("xms_double_issued", 0)
        with self.world.lock:
            cutoffs = [self.world.expired_before.get("*"), self.world.expired_before.get(claims.get("tid"))]
        return any(cutoff is not None and issued <= cutoff for cutoff in cutoffs)

    def access_token(self, tenant, app, audience, user=None):
        now = time.time()
        lifetime = int(self.world.setting("expiresIn"))
        home = app["tenantId"]
        claims = {"aud": audience, "iss": f"https://sts.windows.net/{tenant}/", "iat": int(now), "nbf": int(now),
                  "exp": int(now) + lifetime, "appid": app["clientId"], "appidacr": "1",
                  "idp": f"https://sts.windows.net/{home}/",
                  "oid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{tenant}/{user or app['clientId']}")),
                  "tid": tenant, "uti": secrets.token_urlsafe(16), "ver": "1.0",
                  "xms_double_issued": now}
        claims["sub"] = claims["oid"]
        if user is None:
            claims["idtyp"] = "app"
        else:
            claims.update({"idtyp": "user", "scp": "user_impersonation", "upn": user, "unique_name": user,
                           "name": user, "amr": ["pwd"]})
        return self.sign(claims), lifetime

    # --- the token endpoint ---------------------------------------------------------

    def token(self, tenant, form, authorization):
        """POST /{tenant}/oauth2/v2.0/token: (status, body)."""
        grant = form.get("grant_type")
        if not grant:
            raise AadError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.")
        if grant not in ("client_credentials", "refresh_token"):
            raise AadError(400, "unsupported_grant_type", 70003, f"The app requested an unsupported grant type '{grant}'.")
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if authorization and authorization.lower().startswith("basic "):
            try:
                decoded = base64.b64decode(authorization[6:]).decode()
                basic_id, basic_secret = decoded.split(":", 1)
                client_id = client_id or urllib.parse.unquote_plus(basic_id)
                secret = secret or urllib.parse.unquote_plus(basic_secret)
            except ValueError:
                raise AadError(401, "invalid_client", 7000218, "The Authorization header is malformed.")
        if not client_id:
            raise AadError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.")
        tenant_id = self.tenant_id(tenant, grant)
        with self.world.lock:
            app = self.world.tables["apps"].get(client_id)
        if app is None or not self.app_reaches(app, tenant_id):
            raise AadError(400, "unauthorized_client", 700016,
                           f"Application with identifier '{client_id}' was not found in the directory '{tenant_id}'. "
                           "This can happen if the application has not been installed by the administrator of the tenant "
                           "or consented to by any user in the tenant.")
        if not secret:
            raise AadError(401, "invalid_client", 7000218,
                           "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")
        if not hmac.compare_digest(secret.encode(), app["clientSecret"].encode()):
            raise AadError(401, "invalid_client", 7000215,
                           "Invalid client secret provided. Ensure the secret being sent in the request is the client "
                           f"secret value, not the client secret ID, for a secret added to app '{client_id}'.")
        audience, granted = self.audience(form.get("scope"), grant, tenant_id)
        if grant == "client_credentials":
            token, lifetime = self.access_token(tenant_id, app, audience)
            return {"token_type": "Bearer", "expires_in": lifetime, "ext_expires_in": lifetime, "access_token": token}
        return self.refresh(tenant_id, app, form, audience, granted)

    def tenant_id(self, tenant, grant):
        with self.world.lock:
            known = tenant in self.world.tables["tenants"]
        if known:
            return tenant
        if tenant in ("common", "organizations") and grant == "refresh_token":
            return tenant  # the refresh token names the tenant
        if tenant in ("common", "organizations"):
            raise AadError(400, "invalid_request", 50059,
                           "No tenant-identifying information found in either the request or implied by any provided credentials.")
        raise AadError(400, "invalid_request", 90002,
                       f"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing "
                       "in to the correct cloud.")

    def app_reaches(self, app, tenant_id):
        """A partner's multi-tenant app works in its own tenant and in its customers'."""
        if tenant_id in ("common", "organizations") or tenant_id == app["tenantId"]:
            return True
        return app["tenantId"] in self.world.partners_of(tenant_id)

    def audience(self, scope, grant, tenant_id):
        if not scope:
            raise AadError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'scope'.")
        scopes = scope.split()
        resources = [s for s in scopes if s not in OIDC_SCOPES]
        if len(resources) != 1:
            raise AadError(400, "invalid_scope", 28000,
                           f"Provided value for the input parameter scope '{scope}' is not valid because it contains "
                           "more than one resource." if len(resources) > 1 else
                           f"The provided value for the input parameter 'scope' is not valid. The scope {scope} is not valid.")
        resource_scope = resources[0]
        resource, _, permission = resource_scope.rpartition("/")
        if grant == "client_credentials" and permission != ".default":
            raise AadError(400, "invalid_scope", 1002012,
                           f"The provided value for scope {resource_scope} is not valid. Client credential flows must "
                           "have a scope value with /.default suffixed to the resource identifier (application ID URI).")
        if permission not in (".default", "user_impersonation") or resource not in RESOURCES:
            raise AadError(400, "invalid_resource", 500011,
                           f"The resource principal named {resource or resource_scope} was not found in the tenant named "
                           f"{tenant_id}. This can happen if the application has not been installed by the administrator "
                           "of the tenant or consented to by any user in the tenant.")
        return RESOURCES[resource], [s for s in scopes if s != "offline_access"]

    def refresh(self, tenant_id, app, form, audience, granted):
        presented = form.get("refresh_token")
        if not presented:
            raise AadError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'refresh_token'.")
        now = time.time()
        with self.world.lock:
            record = self.world.tables["refreshTokens"].get(presented)
            if record is None:
                raise AadError(400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.")
            if record["clientId"] != app["clientId"] or tenant_id not in (record["tenantId"], "common", "organizations"):
                raise AadError(400, "invalid_grant", 70000,
                               "Provided grant is invalid or malformed: the refresh token was issued to another client or tenant.")
            if record["revoked"]:
                raise AadError(400, "invalid_grant", 50173,
                               "The provided grant has expired due to it being revoked, a fresh auth token is needed. "
                               "The user might have changed or reset their password.", violation=None)
            if record["expiresAt"] <= now:
                raise AadError(400, "invalid_grant", 700082,
                               "The refresh token has expired due to inactivity. The token was issued on "
                               f"{iso_now(record['expiresAt'])} and was inactive for too long.", violation=None)
            if record["rotatedAt"] is not None and now > record["rotatedAt"] + self.world.setting("refreshTokenGraceSeconds"):
                raise AadError(400, "invalid_grant", 70000,
                               "Provided grant is invalid or malformed: this refresh token was already redeemed, and "
                               "redeeming it rotated it (use the refresh_token of that answer).",
                               violation="refresh-token-reused")
            fresh = "0.double." + secrets.token_urlsafe(48)
            lifetime = self.world.setting("refreshTokenLifetimeSeconds")
            self.world.put("refreshTokens", fresh, {
                "tenantId": record["tenantId"], "clientId": record["clientId"], "user": record["user"],
                "expiresAt": now + lifetime, "revoked": False, "rotatedAt": None, "rotatedTo": None,
                "family": record.get("family", presented)})
            if record["rotatedAt"] is None:
                self.world.put("refreshTokens", presented, {**record, "rotatedAt": now, "rotatedTo": fresh})
        token, seconds = self.access_token(record["tenantId"], app, audience, user=record["user"])
        scope_text = " ".join([f"{audience}/user_impersonation"] + [s for s in granted if s in OIDC_SCOPES])
        answer = {"token_type": "Bearer", "scope": scope_text, "expires_in": seconds, "ext_expires_in": seconds,
                  "access_token": token, "refresh_token": fresh, "refresh_token_expires_in": int(lifetime)}
        if "openid" in granted:
            answer["id_token"] = self.id_token(record, app)
        if form.get("client_info") == "1":
            oid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{record['tenantId']}/{record['user']}"))
            answer["client_info"] = b64url(json.dumps({"uid": oid, "utid": record["tenantId"]}).encode())
        return answer

    def id_token(self, record, app):
        now = int(time.time())
        oid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{record['tenantId']}/{record['user']}"))
        return self.sign({"aud": app["clientId"], "iss": f"https://login.microsoftonline.com/{record['tenantId']}/v2.0",
                          "iat": now, "nbf": now, "exp": now + 3600, "oid": oid, "sub": oid, "tid": record["tenantId"],
                          "preferred_username": record["user"], "name": record["user"], "ver": "2.0"})

    # --- discovery ------------------------------------------------------------------

    def openid_configuration(self, tenant, base):
        with self.world.lock:
            known = tenant in self.world.tables["tenants"]
        if not known and tenant not in ("common", "organizations", "consumers"):
            raise AadError(400, "invalid_tenant", 90002,
                           f"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are "
                           "signing in to the correct cloud.")
        issuer_tenant = tenant if known else "{tenantid}"
        return {"token_endpoint": f"{base}/{tenant}/oauth2/v2.0/token",
                "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
                "jwks_uri": f"{base}/{tenant}/discovery/v2.0/keys",
                "response_modes_supported": ["query", "fragment", "form_post"],
                "subject_types_supported": ["pairwise"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
                "scopes_supported": ["openid", "profile", "email", "offline_access"],
                "issuer": f"{base}/{issuer_tenant}/v2.0",
                "request_uri_parameter_supported": False,
                "userinfo_endpoint": "https://graph.microsoft.com/oidc/userinfo",
                "authorization_endpoint": f"{base}/{tenant}/oauth2/v2.0/authorize",
                "device_authorization_endpoint": f"{base}/{tenant}/oauth2/v2.0/devicecode",
                "http_logout_supported": True, "frontchannel_logout_supported": True,
                "end_session_endpoint": f"{base}/{tenant}/oauth2/v2.0/logout",
                "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "acr", "nonce",
                                     "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"],
                "kerberos_endpoint": f"{base}/{tenant}/kerberos",
                "tenant_region_scope": "EU", "cloud_instance_name": "microsoftonline.com",
                "cloud_graph_host_name": "graph.windows.net", "msgraph_host": "graph.microsoft.com",
                "rbac_url": "https://pas.windows.net"}

    def instance_discovery(self, query, base, own_hosts):
        endpoint = query.get("authorization_endpoint", "")
        parsed = urllib.parse.urlsplit(endpoint)
        # MSAL names the instance by its host alone (it drops the port), as AAD's hosts have none.
        if parsed.scheme != "https" or (parsed.hostname or "").lower() not in own_hosts:
            raise AadError(400, "invalid_instance", 50049, "Unknown or invalid instance.")
        parts = [p for p in parsed.path.split("/") if p]
        tenant = parts[0] if parts else "common"
        host = urllib.parse.urlsplit(base).netloc.lower()
        return {"tenant_discovery_endpoint": f"{base}/{tenant}/v2.0/.well-known/openid-configuration",
                "api-version": query.get("api-version", "1.1"),
                "metadata": [{"preferred_network": host, "preferred_cache": host, "aliases": [host]}]}
