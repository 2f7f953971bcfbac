#!/usr/bin/env python3
"""Writes expected.json: what a ledger upgraded from these 0.19.0 fixtures must answer.
Everything in it is read from the fixtures themselves (the result files in each spool.tar.gz,
ledger-show.json, the drafts), so it cannot drift from them.

usage: make-expected.py   (in this folder)
"""
import hashlib, json, os, tarfile

CONTOSO, FABRIKAM = "c0a70500-0000-4000-8000-000000000001", "fab00000-0000-4000-8000-000000000003"
# Who may file for whom in directory.json, and which uid dropped each draft (make-ledgers.sh).
SUBMITTERS = {CONTOSO: [1001, 1011], FABRIKAM: [1003]}
STRANGER = 1003
REJECTED_IN_0190 = {"customer-via-portal": ["WRONG_SIGNIN_CONTEXT"], "own-unified-3": ["ENTITLEMENT_EXHAUSTED"]}


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


drafts = {}
for name in sorted(os.listdir("drafts")):
    with open(os.path.join("drafts", name)) as f:
        draft = json.load(f)
    drafts[name] = {"file": "drafts/" + name, "partner": draft["partnerTenantId"], "draftId": draft["draftId"],
                    "sha256": sha(os.path.join("drafts", name))}


def results(backend):
    found = {}
    with tarfile.open(os.path.join(backend, "spool.tar.gz")) as tar:
        for member in tar.getmembers():
            if member.isfile() and member.name.startswith(("accepted/", "rejected/")):
                found[member.name] = json.load(tar.extractfile(member))
    return found


def show(backend):
    with open(os.path.join(backend, "ledger-show.json")) as f:
        shown = json.load(f)
    counts, consumptions = {}, {}
    for partner in shown["partners"]:
        for entitlement in partner["entitlements"]:
            counts.setdefault(partner["partnerTenantId"], {})[entitlement["id"]] = {
                "allowance": entitlement["allowance"], "used": entitlement["used"], "left": entitlement["left"]}
            for recent in entitlement["recent"]:
                consumptions[recent["decisionId"]] = (entitlement["id"], recent["releasedAt"], recent["releaseReason"])
    return counts, consumptions


backends = {}
for backend in ("sqlite", "postgres"):
    files = results(backend)
    counts, consumptions = show(backend)
    accepted = []
    for path, result in sorted(files.items()):
        if not path.startswith("accepted/"):
            continue
        consumed = consumptions.get(result["decisionId"])
        accepted.append({"partner": result["partnerTenantId"], "draftId": result["draftId"], "submitterUid": result["submitterUid"],
                         "sha256": result["draftSha256"], "decisionId": result["decisionId"], "decidedAt": result["decidedAt"],
                         "entitlementConsumed": consumed[0] if consumed else None,
                         "released": bool(consumed and consumed[1]), "releaseReason": consumed[2] if consumed else None,
                         "resultFile": path})
    rejected = [{"partner": r.get("partnerTenantId"), "draftId": r["draftId"], "submitterUid": r.get("submitterUid"),
                 "sha256": r.get("draftSha256"), "decisionId": r["decisionId"],
                 "reasonCodes": sorted({e["code"] for e in r["errors"]}), "resultFile": path}
                for path, r in sorted(files.items()) if path.startswith("rejected/")]
    in_use = {p: {e: c["used"] for e, c in es.items() if c["used"]} for p, es in counts.items()}
    backends[backend] = {"accepted": accepted, "rejected": rejected, "inUse": {p: c for p, c in in_use.items() if c},
                         "ledgerShow0190": counts}

# The drops an upgrade test makes after the new gate has taken the ledger (and, in the
# "results kept" case, the spool's results) over, in this order. "decisionId": "row" means
# the decision id of the accepted row (per backend), "new" a decision id none of the
# fixture's results has.
drops = []
for row in backends["sqlite"]["accepted"]:
    draft = next(d for d in drafts.values() if d["partner"] == row["partner"] and d["draftId"] == row["draftId"] and d["sha256"] == row["sha256"])
    owner = row["submitterUid"]
    drops.append({"what": "identical repeat by its submitter", "draft": draft["file"], "uid": owner, "partner": row["partner"],
                  "draftId": row["draftId"], "decision": "accept", "decisionId": "row", "reasonCodes": [],
                  "result": f"accepted/{row['partner']}/{row['draftId']}.json", "consumes": False})
    for colleague in SUBMITTERS[row["partner"]]:
        if colleague != owner:
            drops.append({"what": "a colleague's identical bytes", "draft": draft["file"], "uid": colleague, "partner": row["partner"],
                          "draftId": row["draftId"], "decision": "reject", "decisionId": "new", "reasonCodes": ["DRAFT_DUPLICATE"],
                          "result": f"rejected/{row['partner']}/{row['draftId']}.dup-{row['sha256'][:16]}-u{colleague}.json",
                          "consumes": False})
other = drafts["own-premier-1.other-bytes.json"]
drops.append({"what": "other bytes under an accepted id", "draft": other["file"], "uid": 1001, "partner": CONTOSO,
              "draftId": "own-premier-1", "decision": "reject", "decisionId": "new", "reasonCodes": ["DRAFT_DUPLICATE"],
              "result": f"rejected/{CONTOSO}/own-premier-1.dup-{other['sha256'][:16]}-u1001.json", "consumes": False})
stolen = drafts["own-premier-1.json"]
drops.append({"what": "a stranger (another partner's submitter) drops Contoso's accepted bytes", "draft": stolen["file"],
              "uid": STRANGER, "partner": CONTOSO, "draftId": "own-premier-1", "decision": "reject", "decisionId": "new",
              "reasonCodes": ["SUBMITTER_NOT_AUTHORIZED"], "result": None, "consumes": False})
for draft_id, codes in REJECTED_IN_0190.items():
    draft = drafts[draft_id + ".json"]
    drops.append({"what": "rejected by 0.19.0 (which used the id up): decided anew, the new result replaces the old",
                  "draft": draft["file"], "uid": 1001, "partner": CONTOSO, "draftId": draft_id, "decision": "reject",
                  "decisionId": "new", "reasonCodes": codes, "result": f"rejected/{CONTOSO}/{draft_id}.json", "consumes": False})

expected = {
    "about": "What a ledger upgraded from 0.19.0 must answer (README.md in this folder; made by make-expected.py).",
    "directory": "directory.json",
    "submitters": {p: u for p, u in SUBMITTERS.items()},
    "backends": backends,
    "drops": drops,
    "afterDrops": {
        "inUse": "unchanged: backends.<backend>.inUse (ledger show 'used' as 0.19.0 showed it); no drop consumes",
        "release": "ledger release of a released row's decisionId changes nothing (already released); of an unreleased row's gives one back",
    },
    "resultsPruned": {
        "about": "The same drops when the spool's results were pruned before the upgrade (spool.tar.gz not extracted).",
        "postgres": "as above: decided_draft keeps the submitter, bytes, decision id and result of every accepted draft; "
                    "the owner's repeat writes accepted/<partner>/<id>.json again",
        "sqlite": {
            "consumingRows": "the 0.19.0 file keeps partner, id, sha256, decision id and entitlement but no submitter: "
                             "the owner's repeat gets the row's decision id and consumes nothing; a colleague's identical "
                             "bytes must consume nothing either (the submitter is unknown)",
            "nonConsumingAcceptances": "0.19.0's SQLite file never held them (only result files did): once pruned they "
                                       "are decided anew (a new decision id, accepted, nothing consumed)",
            "nonConsuming": sorted(f"{r['partner']}/{r['draftId']}" for r in backends["sqlite"]["accepted"] if not r["entitlementConsumed"]),
        },
    },
}
with open("expected.json", "w") as f:
    json.dump(expected, f, indent=2)
    f.write("\n")
