#!/usr/bin/env python3
"""How many filings per second the double sustains: CLIENTS threads, each on one
keep-alive HTTPS connection, file tickets (PUT, poll the operation, GET) for SECONDS with
the double's latency knob at LATENCY ms. Prints filings/s, the double's time per filing and
the p50/p99 of a filing; exits 1 when any request failed.

    load_check.py --state DIR --config WORLD.json [--clients 64] [--seconds 10] [--latency 50]
"""
import argparse
import http.client
import json
import os
import ssl
import statistics
import sys
import threading
import time
import urllib.parse
import uuid

BODY = {"properties": {
    "serviceId": "/providers/Microsoft.Support/services/quota_service_guid",
    "title": "load", "description": "load check",
    "problemClassificationId": "/providers/Microsoft.Support/services/quota_service_guid/problemClassifications/cores_problemClassification_guid",
    "severity": "minimal", "advancedDiagnosticConsent": "No",
    "contactDetails": {"firstName": "A", "lastName": "B", "preferredContactMethod": "email",
                       "primaryEmailAddress": "a@example.com", "preferredTimeZone": "UTC", "country": "usa",
                       "preferredSupportLanguage": "en-US"}}}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--state", required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--latency", type=int, default=50)
    args = parser.parse_args()
    world = json.load(open(args.config))
    port = int(open(os.path.join(args.state, "port")).read())
    context = ssl.create_default_context(cafile=os.path.join(args.state, "ca.pem"))
    app = world["apps"][0]
    subscription = next(s for s, t in world["subscriptions"].items() if t == app["tenantId"])

    def connect():
        return http.client.HTTPSConnection("localhost", port, context=context, timeout=30)

    def call(connection, method, path, body=None, headers=None):
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()

    control = connect()
    call(control, "POST", "/_double/settings", json.dumps({"latencyMs": args.latency}), {"Content-Type": "application/json"})
    form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": app["clientId"],
                                   "client_secret": app["clientSecret"], "scope": "https://management.azure.com/.default"})
    status, _, body = call(control, "POST", f"/{app['tenantId']}/oauth2/v2.0/token", form,
                           {"Content-Type": "application/x-www-form-urlencoded"})
    token = json.loads(body)["access_token"]
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    durations, failures = [], []
    lock = threading.Lock()
    deadline = time.monotonic() + args.seconds

    def client():
        connection = connect()
        while time.monotonic() < deadline:
            started = time.monotonic()
            name = str(uuid.uuid4())
            path = f"/subscriptions/{subscription}/providers/Microsoft.Support/supportTickets/{name}?api-version=2024-04-01"
            try:
                status, answer_headers, _ = call(connection, "PUT", path, json.dumps(BODY), headers)
                if status != 202:
                    raise AssertionError(f"PUT {status}")
                poll = urllib.parse.urlsplit(answer_headers["Azure-AsyncOperation"])
                status, _, body = call(connection, "GET", f"{poll.path}?{poll.query}", None, headers)
                if status != 200 or json.loads(body)["status"] != "Succeeded":
                    raise AssertionError(f"poll {status} {body[:100]}")
                status, _, body = call(connection, "GET", path, None, headers)
                if status != 200 or not json.loads(body)["properties"]["supportTicketId"].isdigit():
                    raise AssertionError(f"GET {status}")
                with lock:
                    durations.append(time.monotonic() - started)
            except Exception as error:  # counted and shown; the run goes on
                with lock:
                    failures.append(repr(error))
                connection.close()
                connection = connect()
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    call(control, "POST", "/_double/settings", json.dumps({"latencyMs": 0}), {"Content-Type": "application/json"})
    durations.sort()
    rate = len(durations) / elapsed
    p99 = durations[int(len(durations) * 0.99) - 1] if durations else 0
    print(f"load_check: {args.clients} clients, {args.latency} ms latency: {len(durations)} filings in {elapsed:.1f} s = "
          f"{rate:.1f}/s (ideal {args.clients / (3 * args.latency / 1000):.1f}/s); filing p50 "
          f"{statistics.median(durations) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms; {len(failures)} failures")
    if failures:
        print("  first failures:", failures[:3])
    sys.exit(1 if failures or not durations else 0)


if __name__ == "__main__":
    main()
