# The ledger, not the spool's result files, remembers accepted drafts (contract §7), under
# the shipped unit in a real systemd 252, once with the SQLite ledger and once with
# PostgreSQL (ledger.url; a throwaway cluster of Debian's server). E2E_LEDGERS="sqlite" or
# "postgresql" runs one of the two.
#   1. Colleague takeover: uid 1001's draft accepted (allowance 1); its colleague uid 1012
#      drops the same bytes: DRAFT_DUPLICATE. `spool prune` removes both results. The
#      colleague again (and uid 1011, Contoso's group): still DRAFT_DUPLICATE. 1001 again:
#      its acceptance, the same decisionId, written again, nothing consumed; `ledger
#      release` of it works, and a repeat after the release consumes nothing either.
#   2. Release, prune, repeat: X accepted (allowance 1) and released; Y accepted with the
#      incident given back; prune; X again from its submitter: X's acceptance, no
#      consumption: `ledger show` says used 1 of 1, never 2.
#   Only an acceptance takes an id:
#   a. rejected ENTITLEMENT_EXHAUSTED, then another incident released: the same bytes again
#      are accepted, and the stale rejection is removed;
#   b. rejected CUSTOMER_UNKNOWN: the same bytes again are decided anew (a new rejection
#      replaces the old); corrected (other bytes, same draftId) they are accepted, no
#      DRAFT_DUPLICATE;
#   c. a stranger (uid 1003, Fabrikam) drops Contoso's bytes first: SUBMITTER_NOT_AUTHORIZED,
#      on its own shelf; Contoso's own drop of the same bytes is then accepted.
source "$(dirname "$0")/lib.sh"
started_at=$SECONDS
pg="$E2E_WORK/pg23"
cleanup() {
    stop_systemd
    PGTEST_PORT=54323 "$E2E_ROOT/Postgres/cluster.sh" stop "$pg"
}
trap cleanup EXIT
spool=/var/spool/supportgate
config=/etc/supportgate/supportgate.toml
drafts="$E2E_WORK/drafts-23"

# Contoso with three premier entitlements of one incident each (one per scenario that counts)
# and a colleague of uid 1001 by uid (1012).
with_contoso_colleague "$E2E_ROOT/Config/directory.json" "$E2E_WORK/directory-23.json"
python3 - "$E2E_WORK/directory-23.json" "$CONTOSO" <<'PY'
import json, sys
path, contoso = sys.argv[1:]
directory = json.load(open(path))
partner = next(p for p in directory["partners"] if p["tenantId"] == contoso)
for name in ("mem-r1", "mem-r2", "mem-a"):
    partner["entitlements"].append({"id": name, "kind": "premier", "products": ["azure"],
        "validFrom": "2026-01-01T00:00:00Z", "validUntil": "2027-01-01T00:00:00Z", "incidents": 1})
json.dump(directory, open(path, "w"), indent=1)
PY
# The drafts, by name: premier drafts claiming one of those entitlements, customer requests
# for an unknown and a known customer, and a billing request that needs no entitlement.
python3 - "$drafts" "$E2E_ROOT/Config/examples" <<'PY'
import copy, json, pathlib, sys
out, examples = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
out.mkdir(parents=True)
def load(name): return json.loads((examples / f"{name}.draft.json").read_text())
def write(name, draft): (out / f"{name}.json").write_text(json.dumps(draft))
premier = load("azure-technical-own-premier")
for name, entitlement in (("r1", "mem-r1"), ("r2-x", "mem-r2"), ("r2-y", "mem-r2"), ("a-1", "mem-a"), ("a-2", "mem-a")):
    draft = copy.deepcopy(premier)
    draft["draftId"] = f"mem-{name}"
    draft["entitlement"]["id"] = entitlement
    write(name, draft)
customer = load("azure-billing-customer")
draft = copy.deepcopy(customer)
draft["draftId"] = "mem-b-1"
write("b-1-fixed", draft)
draft["customerTenantId"] = "600d9000-0000-4000-8000-0000000000ff"
write("b-1-unknown", draft)
draft = load("azure-billing-own")
draft["draftId"] = "mem-c-1"
write("c-1", draft)
PY
chmod -R a+rX "$drafts"

drops=0
# drop UID NAME: uid drops the draft NAME under a name of its own, and waits until the gate
# has taken it out of incoming/ and processing/ (decided, its original kept).
drop() {
    drops=$((drops + 1))
    as_uid "$1" cp "$drafts/$2.json" "$spool/incoming/$2-drop$drops.json"
    wait_until 20 sh -c "[ -z \"\$(nsenter -t $SYSTEMD_PID -m -p find $spool/incoming $spool/processing -mindepth 1 -maxdepth 1 -print -quit)\" ]" \
        || echo "      (drop $drops, $2 by uid $1, not decided within 20 s)"
}
# outcome FILE: "decision decisionId codes submitterUid decidedAt" of a result under the spool, or "none".
outcome() {
    ns cat "$spool/$1" 2>/dev/null | python3 -c '
import json, sys
r = json.load(sys.stdin)
print(r["decision"], r["decisionId"], ",".join(e["code"] for e in r["errors"]) or "-", r.get("submitterUid", "-"), r["decidedAt"])' 2>/dev/null || echo none
}
accepted() { echo "accepted/$CONTOSO/mem-$1.json"; }
rejected() { echo "rejected/$CONTOSO/mem-$1.json"; }
# duplicate NAME UID: where a colleague's DRAFT_DUPLICATE of the draft NAME goes.
duplicate() { echo "rejected/$CONTOSO/mem-$1.dup-$(sha256sum "$drafts/$1.json" | cut -c1-16)-u$2.json"; }
decision_of() { set -- $(outcome "$1"); echo "${2:-}"; }
# used ENTITLEMENT: "used of allowance" in `ledger show`.
used() {
    ns /usr/local/bin/supportgate ledger show --config $config --partner "$CONTOSO" --entitlement "$1" --format json 2>&1 | python3 -c '
import json, sys
e = json.load(sys.stdin)["partners"][0]["entitlements"][0]
print(e["used"], "of", e["allowance"])' 2>/dev/null || echo "unreadable"
}
release() { ns /usr/local/bin/supportgate ledger release "$1" --config $config --reason "end-to-end test 23" >/dev/null 2>&1; }
prune() {
    as_uid supportgate /usr/local/bin/supportgate spool prune --config $config \
        --before "$(date -u -d '+1 minute' +%Y-%m-%dT%H:%M:%SZ)" > "$E2E_WORK/prune-23.out" 2>&1
}
expect() { # expect WHAT ACTUAL EXPECTED: a check that shows both when they differ
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1 (got: $2; expected: $3)"; fi
}

scenarios() { # scenarios LEDGER: every claim of the header against the running gate
    local L="[$1]" d1 dx dy da1 first second

    # --- before any prune -----------------------------------------------------------------
    drop 1001 r1
    read -r _ d1 _ <<< "$(outcome "$(accepted r1)")"
    expect "$L 1. uid 1001's draft is accepted" "$(outcome "$(accepted r1)" | cut -d' ' -f1-4)" "accept $d1 - 1001"
    drop 1012 r1
    expect "$L 1. its colleague uid 1012's identical bytes: DRAFT_DUPLICATE, on the colleague's own name" \
        "$(outcome "$(duplicate r1 1012)" | cut -d' ' -f1,3,4)" "reject DRAFT_DUPLICATE 1012"
    expect "$L 1. near miss: 1001's acceptance is untouched" "$(decision_of "$(accepted r1)")" "$d1"

    drop 1001 r2-x
    dx=$(decision_of "$(accepted r2-x)")
    check "$L 2. X accepted, then released" sh -c "[ -n '$dx' ] && nsenter -t $SYSTEMD_PID -m -p /usr/local/bin/supportgate ledger release '$dx' --config $config --reason 'test 23' >/dev/null 2>&1"
    drop 1001 r2-y
    dy=$(decision_of "$(accepted r2-y)")
    expect "$L 2. Y accepted with the incident given back: used 1 of 1" "$([ -n "$dy" ] && used mem-r2)" "1 of 1"

    drop 1001 a-1
    da1=$(decision_of "$(accepted a-1)")
    drop 1001 a-2
    expect "$L a. with the allowance used, a-2 is rejected ENTITLEMENT_EXHAUSTED" "$(outcome "$(rejected a-2)" | cut -d' ' -f1,3)" "reject ENTITLEMENT_EXHAUSTED"
    release "$da1"
    drop 1001 a-2
    expect "$L a. a-1's incident released: a-2's same bytes are accepted" "$(outcome "$(accepted a-2)" | cut -d' ' -f1,3)" "accept -"
    expect "$L a. and a-2's stale rejection is gone" "$(outcome "$(rejected a-2)" | cut -d' ' -f1-4)" "none"
    expect "$L a. used 1 of 1" "$(used mem-a)" "1 of 1"

    drop 1001 b-1-unknown
    first=$(outcome "$(rejected b-1)")
    # A second apart, whatever decidedAt's precision: a decision made anew has another
    # decidedAt and another id (which hashes it); a repeat would keep both.
    sleep 1.1
    drop 1001 b-1-unknown
    second=$(outcome "$(rejected b-1)")
    expect "$L b. an unknown customer: rejected CUSTOMER_UNKNOWN" "$(echo "$first" | cut -d' ' -f1,3)" "reject CUSTOMER_UNKNOWN"
    check "$L b. the same bytes again are decided anew: a new decision replaces the rejection (decided $(echo "$first" | cut -d' ' -f5) / $(echo "$second" | cut -d' ' -f5))" \
        test "$(echo "$second" | cut -d' ' -f3)" = CUSTOMER_UNKNOWN -a "$(echo "$first" | cut -d' ' -f2,5)" != "$(echo "$second" | cut -d' ' -f2,5)"
    drop 1001 b-1-fixed
    expect "$L b. corrected (other bytes, same draftId): accepted" "$(outcome "$(accepted b-1)" | cut -d' ' -f1,3)" "accept -"
    check "$L b. no DRAFT_DUPLICATE for it, and its stale rejection is gone" \
        sh -c "[ -z \"\$(nsenter -t $SYSTEMD_PID -m -p find $spool/rejected -name 'mem-b-1.*')\" ]"

    drop 1003 c-1
    check "$L c. a stranger (uid 1003) drops Contoso's bytes first: SUBMITTER_NOT_AUTHORIZED, on its own shelf" \
        sh -c "nsenter -t $SYSTEMD_PID -m -p sh -c 'cat $spool/rejected/uid-1003/mem-c-1.*' | grep -q '\"code\": \"SUBMITTER_NOT_AUTHORIZED\"'"
    drop 1001 c-1
    expect "$L c. then Contoso's own drop of the same bytes is accepted, as 1001's" "$(outcome "$(accepted c-1)" | cut -d' ' -f1,3,4)" "accept - 1001"

    # --- spool prune: results go, the ledger stays -------------------------------------------
    prune
    check "$L spool prune removed every result" sh -c "[ -z \"\$(nsenter -t $SYSTEMD_PID -m -p find $spool/accepted $spool/rejected -type f)\" ]" \
        || sed 's/^/      /' "$E2E_WORK/prune-23.out"
    expect "$L spool prune never touches the ledger: mem-r1 used 1 of 1" "$(used mem-r1)" "1 of 1"

    # --- after the prune --------------------------------------------------------------------
    drop 1012 r1
    expect "$L 1. after the prune, the colleague's bytes again: still DRAFT_DUPLICATE (was: accepted)" \
        "$(outcome "$(duplicate r1 1012)" | cut -d' ' -f1,3)" "reject DRAFT_DUPLICATE"
    drop 1011 r1
    expect "$L 1. and from uid 1011 (Contoso by its group): DRAFT_DUPLICATE" "$(outcome "$(duplicate r1 1011)" | cut -d' ' -f1,3)" "reject DRAFT_DUPLICATE"
    expect "$L 1. neither took the id: no acceptance written for them" "$(outcome "$(accepted r1)" | cut -d' ' -f1-4)" "none"
    drop 1001 r1
    expect "$L 1. 1001 again: its acceptance written again, the same decisionId" "$(outcome "$(accepted r1)" | cut -d' ' -f1-4)" "accept $d1 - 1001"
    expect "$L 1. nothing consumed again: used 1 of 1" "$(used mem-r1)" "1 of 1"
    check "$L 1. ledger release of 1001's decision works" release "$d1"
    expect "$L 1. released: used 0 of 1" "$(used mem-r1)" "0 of 1"
    ns rm -f "$spool/$(accepted r1)"
    drop 1001 r1
    expect "$L 1. a repeat after the release: the same decision again" "$(decision_of "$(accepted r1)")" "$d1"
    expect "$L 1. and it never consumes again: used 0 of 1" "$(used mem-r1)" "0 of 1"

    drop 1001 r2-x
    expect "$L 2. X again after the prune: X's first acceptance (same decisionId)" "$(decision_of "$(accepted r2-x)")" "$dx"
    expect "$L 2. used 1 of 1, never 2" "$(used mem-r2)" "1 of 1"
}

for ledger in ${E2E_LEDGERS:-sqlite postgresql}; do
    round_started=$SECONDS
    boot_systemd || { fail "[$ledger] systemd boots in a namespace"; continue; }
    install_gate
    ns install -m 0640 -o root -g supportgate "$E2E_WORK/directory-23.json" /etc/supportgate/directory.json
    if [ "$ledger" = postgresql ]; then
        url=$(PGTEST_PORT=54323 "$E2E_ROOT/Postgres/cluster.sh" start "$pg") || { fail "a PostgreSQL cluster of Debian's packages starts"; stop_systemd; continue; }
        sed -e "s#^path = .*#url = \"${url//&/\\&}\"#" -e 's#^directory = .*#directory = "/etc/supportgate/directory.json"#' \
            "$E2E_ROOT/Config/supportgate.toml" > "$E2E_WORK/supportgate-23.toml"
        ns install -m 0644 "$E2E_WORK/supportgate-23.toml" $config
    fi
    own_slice
    ns systemctl start supportgate.service
    check "[$ledger] the gate starts" sh -c "nsenter -t $SYSTEMD_PID -m -p systemctl is-active supportgate.service | grep -qx active"
    scenarios "$ledger"
    check "[$ledger] the gate ran throughout (NRestarts=0)" sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p systemctl show -p NRestarts --value supportgate.service) = 0 ]"
    stop_systemd
    [ "$ledger" = postgresql ] && PGTEST_PORT=54323 "$E2E_ROOT/Postgres/cluster.sh" stop "$pg"
    echo "  ([$ledger] $drops drops in $((SECONDS - round_started)) s)"
    drops=0
done
echo "  (t-23 took $((SECONDS - started_at)) s)"
