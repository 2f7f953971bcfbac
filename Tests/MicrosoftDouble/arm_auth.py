"""Azure Resource Manager's checks of who is calling: the bearer token (issued here,
unexpired, for management), and the tenants. A subscription-scope request's token must
come from the tenant that owns the subscription; a tenant-scope request's ticket belongs
to the token's tenant. When the caller is a partner's multi-tenant app acting in a
customer's tenant, the partner tenant's token must come along in
x-ms-authorization-auxiliary (the CSP on-behalf-of pattern the Support API documents:
primary = the customer tenant's token, auxiliary = the partner tenant's).
"""
from authority import MANAGEMENT


class ArmError(Exception):
    def __init__(self, status, code, message, violation=None, challenge=None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.violation = violation      # the kind, when a correct client would not have sent it
        self.challenge = challenge      # the WWW-Authenticate text of a 401


class Caller:
    def __init__(self, tenant, partner, claims):
        self.tenant = tenant            # whose ticket it is
        self.partner = partner          # the auxiliary token's (CSP partner) tenant, or None
        self.claims = claims


class ArmAuth:
    def __init__(self, world, authority):
        self.world = world
        self.authority = authority

    def token(self, text, base, force_expired, what="access token"):
        claims = self.authority.verify(text)
        if claims is None:
            raise ArmError(401, "InvalidAuthenticationToken", f"The received {what} is not valid: at least one of the "
                           "claims 'puid' or 'altsecid' or 'oid' should be present, or its signature is invalid.",
                           violation="invalid-token",
                           challenge=challenge(base, "common", "The access token is invalid."))
        if claims.get("aud", "").rstrip("/") not in (MANAGEMENT, "https://management.core.windows.net"):
            raise ArmError(401, "InvalidAuthenticationTokenAudience",
                           f"The {what} has been obtained for wrong audience or resource '{claims.get('aud')}'. It should "
                           f"exactly match with one of the allowed audiences '{MANAGEMENT}/', '{MANAGEMENT}'.",
                           violation="wrong-audience",
                           challenge=challenge(base, claims.get("tid"), "The access token has an invalid audience."))
        if force_expired or self.authority.expired(claims):
            raise ArmError(401, "ExpiredAuthenticationToken",
                           f"The {what} expiry UTC time has passed (or the double was told to treat it as expired).",
                           challenge=challenge(base, claims.get("tid"), "The access token has expired."))
        return claims

    def primary(self, request):
        header = request.headers.get("Authorization")
        if not header:
            raise ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.",
                           violation="no-token",
                           challenge=challenge(request.base, "common", "The authentication failed because of missing 'Authorization' header."))
        scheme, _, text = header.partition(" ")
        if scheme.lower() != "bearer" or not text.strip():
            raise ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is invalid.",
                           violation="no-token",
                           challenge=challenge(request.base, "common", "The 'Authorization' header is not a bearer token."))
        return self.token(text.strip(), request.base, request.force_expired)

    def auxiliaries(self, request):
        header = request.headers.get("x-ms-authorization-auxiliary")
        if not header:
            return []
        tokens = []
        for part in header.split(","):
            scheme, _, text = part.strip().partition(" ")
            if scheme.lower() != "bearer" or not text.strip():
                raise ArmError(401, "InvalidAuxiliaryAuthenticationToken",
                               "The 'x-ms-authorization-auxiliary' header is malformed: each token must be 'Bearer <token>'.",
                               violation="invalid-auxiliary")
            tokens.append(self.token(text.strip(), request.base, False, what="auxiliary token"))
        if len(tokens) > 3:
            raise ArmError(400, "InvalidAuxiliaryAuthenticationToken",
                           "At most three auxiliary tokens may be given.", violation="invalid-auxiliary")
        return tokens

    def authorize(self, request, subscription, action):
        """The caller of a Support API request on this subscription (None: tenant scope)."""
        claims = self.primary(request)
        auxiliaries = self.auxiliaries(request)
        with self.world.lock:
            owner = None if subscription is None else self.world.tables["subscriptions"].get(subscription.lower())
            app = self.world.tables["apps"].get(claims.get("appid"))
        if subscription is not None and owner is None:
            raise ArmError(404, "SubscriptionNotFound", f"The subscription '{subscription}' could not be found.",
                           violation="unknown-subscription")
        tenant = owner if subscription is not None else claims["tid"]
        scope = f"/subscriptions/{subscription}" if subscription else "/"
        if claims["tid"] != tenant:
            raise ArmError(401, "InvalidAuthenticationTokenTenant",
                           f"The access token is from the wrong issuer 'https://sts.windows.net/{claims['tid']}/'. It must "
                           f"match the tenant 'https://sts.windows.net/{tenant}/' associated with this subscription. "
                           "Please use the authority (URL) 'https://login.windows.net/" + tenant + "' to get the token.",
                           violation="wrong-tenant", challenge=challenge(request.base, tenant, "The access token is from the wrong issuer."))
        home = app["tenantId"] if app else tenant
        if home == tenant:
            return Caller(tenant, None, claims)
        partners = self.world.partners_of(tenant)
        if not auxiliaries:
            raise ArmError(403, "AuthorizationFailed",
                           f"The client '{claims.get('appid')}' with object id '{claims.get('oid')}' does not have "
                           f"authorization to perform action '{action}' over scope '{scope}' or the scope is invalid. "
                           "A partner acting for its customer must send the partner tenant's token in "
                           "'x-ms-authorization-auxiliary'.", violation="missing-auxiliary")
        for aux in auxiliaries:
            if aux.get("tid") == home and home in partners and aux.get("appid") == claims.get("appid"):
                return Caller(tenant, home, claims)
        raise ArmError(403, "LinkedAuthorizationFailed",
                       f"The client '{claims.get('appid')}' has permission to perform action '{action}' on scope "
                       f"'{scope}'; however, the linked access check failed: no auxiliary token is from the tenant of "
                       f"this customer's partner (auxiliary tenants: {sorted(a.get('tid') for a in auxiliaries)}).",
                       violation="wrong-auxiliary")

    def poller(self, request, operation):
        """Polls of an async operation: any valid management token of the ticket's tenant
        or of its partner (as primary or auxiliary)."""
        claims = self.primary(request)
        tenants = {claims["tid"]} | {aux.get("tid") for aux in self.auxiliaries(request)}
        if operation["tenantId"] in tenants or (operation.get("partnerTenantId") and operation["partnerTenantId"] in tenants):
            return claims
        raise ArmError(403, "AuthorizationFailed",
                       f"The client '{claims.get('appid')}' does not have authorization to read this operation's status.",
                       violation="wrong-tenant")


def challenge(base, tenant, description):
    return (f'Bearer authorization_uri="{base}/{tenant or "common"}", error="invalid_token", '
            f'error_description="{description}"')
