#!/usr/bin/env python3
"""Microsoft's own clients against the double: if they cannot use it, the double is wrong.

    sdk_check.py --state DIR --config WORLD.json

- MSAL (msal) with instance discovery ON, pointed at the double's /common/discovery/instance,
  then the tenant's openid-configuration, then a client-credentials token.
- MSAL's refresh-token grant for Partner Center (App+User): a rotated refresh token comes
  back, the service request reads with the new access token, the old refresh token is
  refused with invalid_grant.
- azure-identity's ClientSecretCredential + azure-mgmt-support 7.0.0 (MicrosoftSupport,
  api-version 2024-04-01): checkNameAvailability, begin_create and its LRO poller through
  an operation that reports InProgress first, get (supportTicketId, status Open), and the
  name then taken; for the partner's own subscription, for a customer's subscription with
  the partner's token as auxiliary (azure-mgmt-core's AuxiliaryAuthenticationPolicy), and at
  tenant scope.

Nothing here may leave the machine: name resolution is limited to loopback names, so a
client that tried Microsoft's real hosts fails loudly instead. Exits 1 with a message
naming the failed step.
"""
import argparse
import json
import os
import socket
import ssl
import sys
import time
import urllib.request
import uuid

LOOPBACK = {"localhost", "127.0.0.1", "::1"}
_getaddrinfo = socket.getaddrinfo


def loopback_only(host, *args, **kwargs):
    if host not in LOOPBACK:
        raise OSError(f"sdk_check: refusing to resolve {host!r}: only the double on loopback may be reached")
    return _getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = loopback_only

MANAGEMENT_SCOPE = "https://management.azure.com/.default"
PARTNER_CENTER_SCOPE = "https://api.partnercenter.microsoft.com/.default"


class Check:
    def __init__(self, base, ca):
        self.base, self.ca = base, ca
        self.context = ssl.create_default_context(cafile=ca)
        self.failed = 0

    def step(self, name, function):
        started = time.monotonic()
        try:
            detail = function()
            print(f"  ok   {name} ({time.monotonic() - started:.2f} s){': ' + detail if detail else ''}")
        except Exception as error:  # every failure is reported by its step's name
            self.failed += 1
            print(f"  FAIL {name}: {type(error).__name__}: {error}")

    def control(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.base}/_double/{path}", data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, context=self.context, timeout=30) as response:
            return json.loads(response.read())


def ticket(title):
    from azure.mgmt.support import models
    return models.SupportTicketDetails(
        description="The SDK check's ticket, filed with the double.", title=title,
        problem_classification_id="/providers/Microsoft.Support/services/quota_service_guid/problemClassifications/cores_problemClassification_guid",
        service_id="/providers/Microsoft.Support/services/quota_service_guid",
        severity="moderate", advanced_diagnostic_consent="No",
        contact_details=models.ContactProfile(
            first_name="Ada", last_name="Lovelace", preferred_contact_method="email",
            primary_email_address="ada@contoso.example", preferred_time_zone="Pacific Standard Time",
            country="usa", preferred_support_language="en-US"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--state", required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--slow-operation", type=float, default=0.6, help="seconds the create's operation stays InProgress")
    args = parser.parse_args()
    world = json.load(open(args.config))
    port = open(os.path.join(args.state, "port")).read().strip()
    base = f"https://localhost:{port}"
    ca = os.path.join(args.state, "ca.pem")
    os.environ["REQUESTS_CA_BUNDLE"] = ca  # MSAL's and azure-core's requests sessions
    check = Check(base, ca)

    import msal
    import requests
    from azure.core.exceptions import ResourceNotFoundError
    from azure.identity import ClientSecretCredential
    from azure.mgmt.core.policies import AuxiliaryAuthenticationPolicy
    from azure.mgmt.support import MicrosoftSupport, models

    app = world["apps"][0]
    partner = app["tenantId"]
    own_subscription = next(s for s, t in world["subscriptions"].items() if t == partner)
    customer = next(c for c, p in world["customers"].items() if partner in ([p] if isinstance(p, str) else p))
    customer_subscription = next(s for s, t in world["subscriptions"].items() if t == customer)
    print(f"sdk_check: msal {msal.__version__}, the double at {base}")

    def msal_discovery():
        client = msal.ConfidentialClientApplication(
            app["clientId"], client_credential=app["clientSecret"], authority=f"{base}/{partner}",
            instance_discovery=f"{base}/common/discovery/instance")
        result = client.acquire_token_for_client(scopes=[MANAGEMENT_SCOPE])
        if "access_token" not in result:
            raise AssertionError(f"no token: {result.get('error')}: {result.get('error_description')}")
        stats = check.control("GET", "stats")["requests"]
        if not stats.get("discovery"):
            raise AssertionError("MSAL did not read the double's discovery documents")
        return f"token of {len(result['access_token'])} characters after {stats['discovery']} discovery reads"
    check.step("MSAL: instance discovery, tenant discovery, client credentials", msal_discovery)

    seeded = [t for t in world.get("refreshTokens", []) if t["clientId"] == app["clientId"]]
    service_requests = [r for r in world.get("serviceRequests", []) if r["partnerTenantId"] == partner]
    if seeded and service_requests:
        def msal_refresh():
            client = msal.ConfidentialClientApplication(
                app["clientId"], client_credential=app["clientSecret"], authority=f"{base}/{partner}",
                instance_discovery=False)
            # The current one (a double restarted on its state may have rotated the seed already).
            first = next(t["token"] for t in check.control("GET", "refresh-tokens")
                         if t["current"] and t["clientId"] == app["clientId"] and t["tenantId"] == partner)
            result = client.acquire_token_by_refresh_token(first, scopes=[PARTNER_CENTER_SCOPE])
            if "access_token" not in result or not result.get("refresh_token") or result["refresh_token"] == first:
                raise AssertionError(f"no rotated refresh token: {result.get('error_description', result.keys())}")
            answer = requests.get(f"{base}/v1/servicerequests/{service_requests[0]['id']}",
                                  headers={"Authorization": f"Bearer {result['access_token']}", "Accept": "application/json"},
                                  timeout=30)
            if answer.status_code != 200 or answer.json()["id"] != service_requests[0]["id"]:
                raise AssertionError(f"service request: {answer.status_code} {answer.text[:200]}")
            again = client.acquire_token_by_refresh_token(first, scopes=[PARTNER_CENTER_SCOPE])
            if again.get("error") != "invalid_grant":
                raise AssertionError(f"the rotated-away refresh token still works: {again.keys()}")
            return f"service request {service_requests[0]['id']} is {answer.json()['status']}; the old refresh token: invalid_grant"
        check.step("MSAL: refresh-token grant for Partner Center, rotation, service request by id", msal_refresh)

    def credential(tenant):
        # disable_instance_discovery: MSAL sends instance discovery for any authority it does not
        # know to login.microsoftonline.com itself, never to the authority given; the step
        # above points MSAL's discovery at the double instead.
        return ClientSecretCredential(tenant, app["clientId"], app["clientSecret"], authority=base,
                                      disable_instance_discovery=True, connection_verify=ca)

    def file_one(client, operations, label, **names):
        name = str(uuid.uuid4())
        polls_before = check.control("GET", "stats")["requests"].get("arm-poll", 0)
        available = operations.check_name_availability(
            models.CheckNameAvailabilityInput(name=name, type="Microsoft.Support/supportTickets"))
        if not available.name_available:
            raise AssertionError(f"a fresh name is not available: {available}")
        poller = operations.begin_create(name, ticket(f"SDK check: {label}"), polling_interval=0.3)
        created = poller.result(timeout=60)
        if poller.status() != "Succeeded":
            raise AssertionError(f"the LRO ended {poller.status()}")
        read = operations.get(name)
        if not (read.support_ticket_id or "").isdigit() or read.status != "Open" or read.name != name:
            raise AssertionError(f"get: id {read.support_ticket_id!r}, status {read.status!r}, name {read.name!r}")
        if created.support_ticket_id != read.support_ticket_id:
            raise AssertionError("the poller's result and get disagree on supportTicketId")
        taken = operations.check_name_availability(
            models.CheckNameAvailabilityInput(name=name, type="Microsoft.Support/supportTickets"))
        if taken.name_available:
            raise AssertionError("the name is still available after the create")
        polls = check.control("GET", "stats")["requests"].get("arm-poll", 0) - polls_before
        if polls < 2:
            raise AssertionError(f"the poller polled {polls} time(s); the operation was InProgress first")
        return f"ticket {read.support_ticket_id} ({name}), {polls} polls"

    check.control("POST", "settings", {"asyncOperationSeconds": args.slow_operation})

    def own_subscription_flow():
        client = MicrosoftSupport(credential(partner), own_subscription, base_url=base,
                                  credential_scopes=[MANAGEMENT_SCOPE], connection_verify=ca)
        return file_one(client, client.support_tickets, "own subscription")
    check.step("azure-mgmt-support: own subscription: checkName, begin_create + LRO poller, get", own_subscription_flow)

    def customer_flow():
        auxiliary = AuxiliaryAuthenticationPolicy([credential(partner)], MANAGEMENT_SCOPE)
        client = MicrosoftSupport(credential(customer), customer_subscription, base_url=base,
                                  credential_scopes=[MANAGEMENT_SCOPE], connection_verify=ca,
                                  custom_hook_policy=auxiliary)
        return file_one(client, client.support_tickets, "customer subscription (CSP)")
    check.step("azure-mgmt-support: customer subscription with the partner's auxiliary token", customer_flow)

    def customer_without_auxiliary():
        client = MicrosoftSupport(credential(customer), customer_subscription, base_url=base,
                                  credential_scopes=[MANAGEMENT_SCOPE], connection_verify=ca)
        try:
            client.support_tickets.get("no-such-ticket")
        except ResourceNotFoundError:
            raise AssertionError("the customer's subscription was read without the partner's auxiliary token")
        except Exception as error:  # the refusal is the expected outcome
            if getattr(error, "status_code", None) != 403:
                raise
            return "403 " + str(getattr(error, "error", None) and error.error.code)
        raise AssertionError("no refusal")
    check.step("azure-mgmt-support: the customer's subscription without the auxiliary token is refused", customer_without_auxiliary)

    def tenant_scope_flow():
        client = MicrosoftSupport(credential(partner), own_subscription, base_url=base,
                                  credential_scopes=[MANAGEMENT_SCOPE], connection_verify=ca)
        return file_one(client, client.support_tickets_no_subscription, "tenant scope")
    check.step("azure-mgmt-support: tenant scope (no subscription)", tenant_scope_flow)

    check.control("POST", "settings", {"asyncOperationSeconds": 0})
    violations = check.control("GET", "violations")
    # Expected: the refusal step's missing auxiliary, and the rotated-away refresh token it reused on purpose.
    unexpected = [v for v in violations if v["kind"] not in ("missing-auxiliary", "refresh-token-reused")]
    check.step("the double saw no request a correct client would not send",
               lambda: None if not unexpected else (_ for _ in ()).throw(AssertionError(json.dumps(unexpected)[:600])))
    print(f"sdk_check: {5 + bool(seeded and service_requests) + 1 - check.failed} passed, {check.failed} failed")
    sys.exit(1 if check.failed else 0)


if __name__ == "__main__":
    main()
