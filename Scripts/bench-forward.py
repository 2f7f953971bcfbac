#!/usr/bin/env python3
"""The helpers of Scripts/bench-forward.sh (issue 24's benchmark of `supportgate forward`).

    bench-forward.py inputs WORK --partners N
        WORK/directory.json: Config/directory.json plus N bench partners, each with one
        customer that granted it Azure access and no entitlement (so every draft is
        accepted as paid Azure support, AZURE_FEE_CHARGED, with no incident to run out);
        WORK/templates/: one Azure technical draft per partner (the customer's scope, so the
        forwarder sends a primary and an auxiliary token); WORK/world.json for the double;
        WORK/credentials/: the partners' credentials files (mode 0600).
    bench-forward.py drop WORK SPOOL --count N --prefix P [--rate R] --out FILE
        N drafts, round robin across the partners, each owned by its partner's submitter
        uid, written in staging/ and renamed into incoming/ (all at once, or R a second);
        FILE gets "draftId partner dropTime" per draft (CLOCK_REALTIME, at the rename).
    bench-forward.py watch SPOOL --count N --prefix P --pid PID --timeout S
        Polls the filed/ shelves until N records of drafts P-* are `filed`; samples the
        forwarder's RSS at 10 %, 50 % and 100 %; prints key=value lines.
    bench-forward.py latency SPOOL DROPS
        Drop-to-filed per draft: the record's last write (its mtime; filedAt has whole
        seconds) minus the drop time; prints p50, p90, p99, max.
"""
import argparse
import json
import os
import pathlib
import sys
import time
import uuid

ROOT = pathlib.Path(__file__).resolve().parent.parent
BASE_UID = 2100


def partner_id(k):
    return f"be0c0000-0000-4000-8000-{k:012x}"


def customer_id(k):
    return f"be0cc000-0000-4000-8000-{k:012x}"


def subscription_id(k):
    return f"be0c5000-0000-4000-8000-{k:012x}"


def inputs(args):
    work = pathlib.Path(args.work)
    directory = json.loads((ROOT / "Config/directory.json").read_text())
    template = json.loads((ROOT / "Config/examples/azure-technical-customer.draft.json").read_text())
    (work / "templates").mkdir(parents=True, exist_ok=True)
    (work / "credentials").mkdir(exist_ok=True)
    os.chmod(work / "credentials", 0o700)
    contoso = directory["partners"][0]
    for k in range(1, args.partners + 1):
        partner = dict(contoso, tenantId=partner_id(k), name=f"Bench Partner {k}", domains=[f"bench{k}.example"],
                       submitters={"uids": [BASE_UID + k], "groups": []}, entitlements=[])
        directory["partners"].append(partner)
        directory["customers"].append({"tenantId": customer_id(k), "name": f"Bench Customer {k}", "cloud": "public",
                                       "domains": [f"customer{k}.example"],
                                       "relationships": [{"partnerTenantId": partner_id(k), "azureAccessGranted": True}]})
        draft = json.loads(json.dumps(template))
        draft.update(partnerTenantId=partner_id(k), customerTenantId=customer_id(k), azureSubscriptionId=subscription_id(k))
        # The contact must be at one of the partner's domains (rule 9).
        draft["azureTicket"]["properties"]["contactDetails"]["primaryEmailAddress"] = f"support@bench{k}.example"
        draft["azureTicket"]["properties"]["technicalTicketDetails"]["resourceId"] = \
            f"/subscriptions/{subscription_id(k)}/resourceGroups/bench/providers/Microsoft.Compute/virtualMachines/vm{k}"
        (work / "templates" / f"{k}.json").write_text(json.dumps(draft))
        client = str(uuid.uuid5(uuid.NAMESPACE_URL, f"supportgate-double-app/{partner_id(k)}"))
        credentials = work / "credentials" / f"{partner_id(k)}.json"
        credentials.write_text(json.dumps({"clientId": client, "clientSecret": f"double-secret-{partner_id(k)}"}))
        os.chmod(credentials, 0o600)
    (work / "directory.json").write_text(json.dumps(directory, indent=1))
    # The world: every tenant of the directory, an app per partner; the bench subscriptions
    # belong to their customers, and one more to the first bench partner (load_check.py's floor
    # files on its own tenant's subscription with the first app, so that app goes first).
    world = {"tenants": [p["tenantId"] for p in directory["partners"]] + [c["tenantId"] for c in directory["customers"]],
             "apps": [], "customers": {}, "subscriptions": {}, "settings": {"latencyMs": args.latency}}
    for partner in [partner_id(k) for k in range(1, args.partners + 1)] + [p["tenantId"] for p in directory["partners"][:-args.partners]]:
        world["apps"].append({"tenantId": partner, "clientId": str(uuid.uuid5(uuid.NAMESPACE_URL, f"supportgate-double-app/{partner}")),
                              "clientSecret": f"double-secret-{partner}"})
    for customer in directory["customers"]:
        world["customers"][customer["tenantId"]] = [r["partnerTenantId"] for r in customer.get("relationships", [])]
    for k in range(1, args.partners + 1):
        world["subscriptions"][subscription_id(k)] = customer_id(k)
    world["subscriptions"]["be0c5000-0000-4000-8000-ffffffffffff"] = partner_id(1)
    (work / "world.json").write_text(json.dumps(world, indent=1))


def drop(args):
    work, spool = pathlib.Path(args.work), pathlib.Path(args.spool)
    templates = sorted((work / "templates").glob("*.json"), key=lambda p: int(p.stem))
    drafts = [(int(p.stem), json.loads(p.read_text())) for p in templates]
    staged = []
    for i in range(args.count):
        k, draft = drafts[i % len(drafts)]
        draft_id = f"{args.prefix}-{i:07d}"
        draft["draftId"] = draft_id
        path = spool / "staging" / f"{draft_id}.json"
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(handle, json.dumps(draft).encode())
        os.fchown(handle, BASE_UID + k, BASE_UID + k)
        os.close(handle)
        staged.append((draft_id, partner_id(k), path))
    lines = []
    start = time.monotonic()
    for i, (draft_id, partner, path) in enumerate(staged):
        if args.rate:
            wait = start + i / args.rate - time.monotonic()
            if wait > 0:
                time.sleep(wait)
        os.rename(path, spool / "incoming" / path.name)
        lines.append(f"{draft_id} {partner} {time.time():.6f}\n")
    pathlib.Path(args.out).write_text("".join(lines))
    print(f"dropped={args.count} span_s={time.monotonic() - start:.3f}")


def rss_kb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def filed_count(spool, prefix):
    count = 0
    for shelf in os.scandir(spool / "filed"):
        if shelf.is_dir():
            count += sum(1 for entry in os.scandir(shelf.path) if entry.name.startswith(prefix + "-"))
    return count


def watch(args):
    spool = pathlib.Path(args.spool)
    marks = {max(1, args.count // 10): "10", max(1, args.count // 2): "50", args.count: "100"}
    seen = set()
    start = time.monotonic()
    while True:
        count = filed_count(spool, args.prefix)
        now = time.monotonic() - start
        for mark, label in marks.items():
            if count >= mark and label not in seen:
                seen.add(label)
                print(f"rss_{label}_kb={rss_kb(args.pid)} at_{label}_s={now:.2f} count_{label}={count}", flush=True)
        if count >= args.count or now > args.timeout:
            break
        time.sleep(args.interval)
    # A record is written `pending` before its send, so files count ahead of filings by what
    # is in flight: the end is when every record says `filed`, and the rate comes from the
    # records' last writes (between the 10th and 90th percentile: start-up and tail left out).
    while True:
        states, mtimes = records(spool, args.prefix)
        filed = states.get("filed", 0)
        if filed >= args.count or time.monotonic() - start > args.timeout:
            break
        time.sleep(args.interval)
    mtimes.sort()
    rate = 0
    if len(mtimes) >= 10:
        t10, t90 = mtimes[len(mtimes) // 10], mtimes[len(mtimes) * 9 // 10 - 1]
        rate = (len(mtimes) * 9 // 10 - 1 - len(mtimes) // 10) / (t90 - t10) if t90 > t10 else 0
    print(f"filed={filed} states={json.dumps(states, separators=(',', ':'))} wall_s={time.monotonic() - start:.2f} "
          f"rate_10_90={rate:.1f} rss_end_kb={rss_kb(args.pid)}")


def records(spool, prefix):
    states, mtimes = {}, []
    for shelf in os.scandir(spool / "filed"):
        if not shelf.is_dir():
            continue
        for entry in os.scandir(shelf.path):
            if not entry.name.startswith(prefix + "-"):
                continue
            with open(entry.path) as handle:
                state = json.load(handle).get("state")
            states[state] = states.get(state, 0) + 1
            if state == "filed":
                mtimes.append(entry.stat().st_mtime)
    return states, mtimes


def latency(args):
    spool = pathlib.Path(args.spool)
    samples, missing, not_filed = [], 0, 0
    for line in open(args.drops):
        draft_id, partner, dropped = line.split()
        path = spool / "filed" / partner / f"{draft_id}.json"
        try:
            record = json.loads(path.read_text())
            mtime = os.stat(path).st_mtime
        except FileNotFoundError:
            missing += 1
            continue
        if record.get("state") != "filed":
            not_filed += 1
            continue
        samples.append((mtime - float(dropped)) * 1000)
    samples.sort()
    def q(p):
        return samples[min(len(samples) - 1, int(len(samples) * p))] if samples else 0
    print(f"samples={len(samples)} missing={missing} not_filed={not_filed} p50_ms={q(0.5):.1f} p90_ms={q(0.9):.1f} "
          f"p99_ms={q(0.99):.1f} max_ms={samples[-1] if samples else 0:.1f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("inputs")
    p.add_argument("work")
    p.add_argument("--partners", type=int, default=16)
    p.add_argument("--latency", type=int, default=50)
    p = commands.add_parser("drop")
    p.add_argument("work")
    p.add_argument("spool")
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--prefix", required=True)
    p.add_argument("--rate", type=float, default=0)
    p.add_argument("--out", required=True)
    p = commands.add_parser("watch")
    p.add_argument("spool")
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--prefix", required=True)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--timeout", type=float, default=900)
    p.add_argument("--interval", type=float, default=0.2)
    p = commands.add_parser("latency")
    p.add_argument("spool")
    p.add_argument("drops")
    args = parser.parse_args()
    {"inputs": inputs, "drop": drop, "watch": watch, "latency": latency}[args.command](args)


if __name__ == "__main__":
    main()
