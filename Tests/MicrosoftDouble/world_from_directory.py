#!/usr/bin/env python3
"""A world for the double that matches a gate's tenant directory: each partner gets a
multi-tenant app (client id and secret derived from its tenant id, so a test can write the
matching credentials file) and a refresh token; each customer is a customer of the partners
its relationships name; subscriptions come from drafts (a draft's azureSubscriptionId
belongs to its customerTenantId, or to its partnerTenantId when it has none) and from
--subscription SUB=TENANT. One subscription claimed by two tenants is an error that
names both (--strict) or keeps the first with a warning: Azure has one owner per
subscription, and a tenant-scope draft may still name a subscription it does not own.

    world_from_directory.py --directory Config/directory.json [--drafts DIR]... \\
        [--subscription SUB=TENANT]... [--secret-prefix TEXT] [--strict] > world.json
"""
import argparse
import json
import pathlib
import sys
import uuid


def app_of(tenant, secret_prefix):
    return {"tenantId": tenant, "clientId": str(uuid.uuid5(uuid.NAMESPACE_URL, f"supportgate-double-app/{tenant}")),
            "clientSecret": f"{secret_prefix}{tenant}"}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--directory", required=True)
    parser.add_argument("--drafts", action="append", default=[], help="a folder of drafts (*.json)")
    parser.add_argument("--subscription", action="append", default=[], help="SUB=TENANT")
    parser.add_argument("--secret-prefix", default="double-secret-")
    parser.add_argument("--strict", action="store_true", help="a subscription claimed by two tenants is an error")
    args = parser.parse_args()
    directory = json.load(open(args.directory))
    partners = [p["tenantId"] for p in directory["partners"]]
    world = {"tenants": partners + [c["tenantId"] for c in directory.get("customers", [])],
             "apps": [app_of(p, args.secret_prefix) for p in partners],
             "customers": {c["tenantId"]: [r["partnerTenantId"] for r in c.get("relationships", [])]
                           for c in directory.get("customers", [])},
             "subscriptions": {},
             "refreshTokens": [{"token": f"0.double-seed.{p}", "tenantId": p, "clientId": app_of(p, "")["clientId"],
                                "user": f"admin@{p}"} for p in partners]}
    claims = []
    for folder in args.drafts:
        for path in sorted(pathlib.Path(folder).glob("*.json")):
            try:
                draft = json.loads(path.read_text())
            except ValueError:
                continue
            if isinstance(draft, dict) and draft.get("azureSubscriptionId"):
                tenant = draft.get("customerTenantId") or draft.get("partnerTenantId")
                if tenant:
                    claims.append((draft["azureSubscriptionId"].lower(), tenant, str(path)))
    for entry in args.subscription:
        subscription, _, tenant = entry.partition("=")
        claims.append((subscription.lower(), tenant, "--subscription"))
    owners = {}
    for subscription, tenant, source in claims:
        owner = owners.setdefault(subscription, (tenant, source))
        if owner[0] != tenant:
            message = (f"world_from_directory: subscription {subscription} is claimed by {owner[0]} ({owner[1]}) "
                       f"and by {tenant} ({source}); a subscription has one owner")
            if args.strict:
                sys.exit(message)
            print(message + ": the first is kept", file=sys.stderr)
    world["subscriptions"] = {s: t for s, (t, _) in owners.items()}
    json.dump(world, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
