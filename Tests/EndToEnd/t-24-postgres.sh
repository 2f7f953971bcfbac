# Two gates on two spools share one PostgreSQL ledger (Debian's server, a throwaway
# cluster): 1,000 drafts each, dropped at the same time, against one entitlement with 100
# incidents. Half of each gate's draft ids are dropped at the other gate too (the same
# bytes, except ten with other bytes). Exactly 100 ids are accepted in all, every drop has
# one result, no id is accepted twice (an id accepted at both gates is one decision; a
# rejection takes nothing, so each gate decides its own), and the ledger holds exactly the
# accepted drafts' decisions. Then the same
# with one gate killed -9 again and again mid-run, and with PostgreSQL restarted mid-run.
# "Mid-run" is proved by the gate's test-only marker (SUPPORTGATE_TEST_LEDGER_MARKER in
# its environment): a ledger transaction that records an acceptance leaves holding-<pid>-<n>
# in the marker folder before its COMMIT and holds it SUPPORTGATE_TEST_LEDGER_HOLD_MS; the
# file goes after the COMMIT, or becomes failed-<pid>-<n> when the COMMIT fails. So a
# holding file a killed gate left behind is a kill that landed in an uncommitted batch,
# and a failed file is a restart that hit one.
source "$(dirname "$0")/lib.sh"
started_at=$SECONDS
pg="$E2E_WORK/pg"
GATE_A="" GATE_B="" FEED_A="" FEED_B=""
cleanup() {
    kill -9 $GATE_A $GATE_B $FEED_A $FEED_B 2>/dev/null
    wait 2>/dev/null
    "$E2E_ROOT/Postgres/cluster.sh" stop "$pg"
}
trap cleanup EXIT
url=$("$E2E_ROOT/Postgres/cluster.sh" start "$pg") || { fail "a PostgreSQL cluster of Debian's packages starts"; exit 1; }
sql() { runuser -u postgres -- psql -qAt "$url" -c "$1"; }

# A gate's spool, its configuration naming the shared ledger, and 1,000 premier drafts.
setup_gate() { # setup_gate NAME
    local dir="$E2E_WORK/$1"
    make_spool "$dir"
    sed 's/"incidents": 20/"incidents": 100/' "$E2E_ROOT/Config/directory.json" > "$dir/directory.json"
    python3 - "$dir/supportgate.toml" "$dir/directory.json" "$url" <<'PY'
import re, sys
path, directory, url = sys.argv[1:]
text = open(path).read()
text = re.sub(r'(?m)^path = .*$', f'url = "{url}"', text)
text = re.sub(r'(?m)^directory = .*$', f'directory = "{directory}"', text)
open(path, "w").write(text)
PY
}
make_round() { # make_round ROUND: 1,000 drafts per gate; a gets ids 0-999, b 500-1499, and b's 500-509 have other bytes
    python3 - "$E2E_WORK" "$E2E_ROOT" "$1" <<'PY'
import copy, json, pathlib, sys
work, root, round_ = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
draft = json.loads((root / "Config/examples/azure-technical-own-premier.draft.json").read_text())
for gate, ids in (("a", range(0, 1000)), ("b", range(500, 1500))):
    out = work / f"source-{round_}-{gate}"
    out.mkdir(parents=True)
    for i in ids:
        this = copy.deepcopy(draft)
        this["draftId"] = f"pg{round_}-{i:04d}"
        if gate == "b" and i < 510:
            this["azureTicket"]["properties"]["title"] += " (changed)"
        (out / f"{this['draftId']}.json").write_text(json.dumps(this))
PY
    chown -R 1001:1001 "$E2E_WORK/source-$1-a" "$E2E_WORK/source-$1-b"
}
feed() { # feed ROUND GATE: in chunks of 50
    ( cd "$E2E_WORK/source-$1-$2" && ls | split -l 50 - "$E2E_WORK/chunk-$1-$2."
      for chunk in "$E2E_WORK"/chunk-"$1"-"$2".*; do xargs -a "$chunk" cp -p -t "$E2E_WORK/$2/spool/incoming/"; sleep 0.05; done ) &
}
start_gate() { # start_gate NAME [VARIABLE=VALUE...]: sets GATE_A or GATE_B; the variables go into its environment
    local name=$1; shift
    env "$@" "$E2E_BIN" daemon --config "$E2E_WORK/$name/supportgate.toml" --log stderr >>"$E2E_WORK/$name/daemon.log" 2>&1 &
    if [ "$name" = a ]; then GATE_A=$!; else GATE_B=$!; fi
}
# marked ROUND HOLD_MS: the environment that makes a gate mark (and hold) its ledger batches.
marked() { echo "SUPPORTGATE_TEST_LEDGER_MARKER=$E2E_WORK/markers-$1" "SUPPORTGATE_TEST_LEDGER_HOLD_MS=$2"; }
markers() { # markers ROUND KIND [PID]: how many KIND (holding or failed) files the round's gates left, of PID or of any
    find "$E2E_WORK/markers-$1" -maxdepth 1 -name "$2-${3:-*}-*" | wc -l
}
stop_gate() { local pid=$1; [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; }
all_decided() { # all_decided ROUND
    [ "$(find "$E2E_WORK/a/spool/accepted" "$E2E_WORK/a/spool/rejected" "$E2E_WORK/b/spool/accepted" "$E2E_WORK/b/spool/rejected" \
        -mindepth 2 -maxdepth 2 -name "pg$1-*" | wc -l)" -ge 2000 ]
}
verify_round() { # verify_round ROUND WHAT: also writes how many shared ids (same bytes at both gates) were accepted to shared-accepted-ROUND
    local claim="$2: 2,000 drops of 1,500 ids: exactly 100 ids accepted across both gates, one decision each (an id accepted at both gates is one decisionId), the rest ENTITLEMENT_EXHAUSTED (or DRAFT_POISON after kills, never decided); the other bytes under an id accepted at the other gate DRAFT_DUPLICATE; the ledger's unreleased acceptances are exactly the accepted decisions"
    python3 - "$E2E_WORK" "$1" "$(sql "SELECT draft_id || ' ' || decision_id || ' ' || coalesce(entitlement_id, '-') FROM accepted_draft WHERE draft_id LIKE 'pg$1-%' AND released_at IS NULL")" <<'PY' && pass "$claim" || fail "$claim"
import json, pathlib, sys
work, round_, rows = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
ranges = {"a": range(0, 1000), "b": range(500, 1500)}
results = {"a": {}, "b": {}}  # gate -> draft id -> (kind, decisionId)
for gate, ids in ranges.items():
    for path in (work / gate / "spool").rglob(f"pg{round_}-*.json"):
        if path.parts[-3] not in ("accepted", "rejected"):
            continue
        result = json.loads(path.read_text())
        codes = [e["code"] for e in result["errors"]]
        draft = result["draftId"]
        assert draft not in results[gate], ("two results at one gate", path)
        if codes == ["DRAFT_POISON"]:
            # In flight at two of round 2's kills (the second time alone): a poison draft by
            # definition (docs/spool.md). Never decided at this gate, it takes nothing.
            kind = "poison"
        elif ".dup-" in path.name:
            assert codes == ["DRAFT_DUPLICATE"], (path, codes)
            kind = "duplicate"
        elif result["decision"] == "accept":
            kind = "accept"
        else:
            assert codes == ["ENTITLEMENT_EXHAUSTED"], (path, codes)
            kind = "exhausted"
        results[gate][draft] = (kind, result["decisionId"])
    assert set(results[gate]) == {f"pg{round_}-{i:04d}" for i in ids}, (gate, "a drop without a result")
accepted = {}
for gate in "ab":
    for draft, (kind, decision) in results[gate].items():
        if kind == "accept":
            assert accepted.setdefault(draft, decision) == decision, ("accepted twice, as two decisions", draft)
assert len(accepted) == 100, len(accepted)
shared_accepted = 0
for i in range(500, 1000):
    draft = f"pg{round_}-{i:04d}"
    kinds = {gate: results[gate][draft][0] for gate in "ab"}
    if draft not in accepted:
        assert "duplicate" not in kinds.values(), ("DRAFT_DUPLICATE of an id no gate accepted", draft, kinds)
        continue
    for gate, other in (("a", "b"), ("b", "a")):
        if kinds[gate] == "accept" and kinds[other] != "poison":
            # b's ids 500-509 have other bytes: a duplicate of a's acceptance, or the reverse;
            # the others are the same bytes: the same acceptance, adopted.
            assert kinds[other] == ("duplicate" if i < 510 else "accept"), ("accepted at one gate", draft, kinds)
    if i >= 510 and set(kinds.values()) == {"accept"}:
        shared_accepted += 1
ledger = {}
for line in rows.splitlines():
    draft, decision, entitlement = line.split(" ")
    assert entitlement == "contoso-premier-2026", line
    ledger[draft] = decision
assert ledger == accepted, "the ledger's acceptances and the accepted results disagree"
poisoned = sum(1 for gate in "ab" for kind, _ in results[gate].values() if kind == "poison")
duplicates = sum(1 for gate in "ab" for kind, _ in results[gate].values() if kind == "duplicate")
print(f"  (round {round_}: {shared_accepted} shared ids accepted at both gates as one decision, {duplicates} DRAFT_DUPLICATE, {poisoned} DRAFT_POISON)")
(work / f"shared-accepted-{round_}").write_text(str(shared_accepted))
PY
}
reset_ledger() { sql "TRUNCATE accepted_draft, entitlement_use"; }

setup_gate a
setup_gate b

# 1. Both gates at once.
make_round 1
start_gate a; start_gate b
feed 1 a; FEED_A=$!; feed 1 b; FEED_B=$!
wait $FEED_A $FEED_B; FEED_A="" FEED_B=""
wait_until 120 all_decided 1
stop_gate "$GATE_A"; stop_gate "$GATE_B"; GATE_A="" GATE_B=""
verify_round 1 "two gates at once"
adoptions=$(cat "$E2E_WORK/a/daemon.log" "$E2E_WORK/b/daemon.log" | grep -c "was decided before from the same bytes (by ")
check "each id dropped at both gates with the same bytes and accepted was adopted once, by the gate that came second ($adoptions adoptions, $(cat "$E2E_WORK/shared-accepted-1") such ids)" \
    test "$adoptions" -eq "$(cat "$E2E_WORK/shared-accepted-1")"
check "the same 100 in the ledger's count" test "$(sql "SELECT in_use FROM entitlement_use WHERE entitlement_id = 'contoso-premier-2026'")" -eq 100

# 2. Gate a killed -9 again and again while both are fed, each time while it holds a ledger
# batch with acceptances before its COMMIT (its marker file is there), 400 ms per batch.
# Gate b starts once the kills are done: running, it would use up the 100 incidents within
# a second, and a batch without an acceptance holds no ledger transaction to be killed in.
reset_ledger
make_round 2
mkdir -p "$E2E_WORK/markers-2"
feed 2 a; FEED_A=$!; feed 2 b; FEED_B=$!
landed=0 misses=0
for _ in $(seq 1 30); do
    start_gate a $(marked 2 400)
    # Up to 10 s for the first ledger batch of this gate (a debug build on a loaded host).
    for _ in $(seq 1 500); do
        [ "$(markers 2 holding "$GATE_A")" -ge 1 ] && break
        kill -0 "$GATE_A" 2>/dev/null || break
        sleep 0.02
    done
    kill -9 "$GATE_A" 2>/dev/null; wait "$GATE_A" 2>/dev/null
    if [ "$(markers 2 holding "$GATE_A")" -ge 1 ]; then landed=$((landed + 1)) misses=0; else misses=$((misses + 1)); fi
    GATE_A=""
    # Three gates in a row without a batch to kill: there is none left (the check below fails).
    ((misses < 3)) || break
done
wait $FEED_A $FEED_B; FEED_A="" FEED_B=""
start_gate a; start_gate b
wait_until 120 all_decided 2
stop_gate "$GATE_A"; stop_gate "$GATE_B"; GATE_A="" GATE_B=""
left=$(markers 2 holding)
check "of 30 kills, $landed landed while gate a held an uncommitted ledger batch (its holding file left behind; at least 10)" \
    test "$landed" -ge 10 -a "$left" -eq "$landed"
check "no ledger COMMIT failed in round 2 (no failed marker)" test "$(markers 2 failed)" -eq 0
verify_round 2 "gate a killed -9 thirty times mid-run, $landed of them holding an uncommitted ledger batch"
check "no draft left in either gate's incoming/ or processing/" no_entries "$E2E_WORK/a/spool/incoming" "$E2E_WORK/a/spool/processing" "$E2E_WORK/b/spool/incoming" "$E2E_WORK/b/spool/processing"

# 3. PostgreSQL restarted while both gates decide: the restart comes while a gate holds a
# ledger batch with acceptances before its COMMIT (1 s per batch), so that COMMIT fails.
reset_ledger
make_round 3
mkdir -p "$E2E_WORK/markers-3"
start_gate a $(marked 3 1000); start_gate b $(marked 3 1000)
feed 3 a; FEED_A=$!; feed 3 b; FEED_B=$!
wait_until 30 sh -c "[ \$(find '$E2E_WORK/markers-3' -name 'holding-*' | wc -l) -ge 1 ]"
# Only what is written from here on counts: the logs' lengths, and the failed markers there
# already (a name is never reused: a gate numbers its batches).
offset_a=$(stat -c %s "$E2E_WORK/a/daemon.log"); offset_b=$(stat -c %s "$E2E_WORK/b/daemon.log")
ls "$E2E_WORK/markers-3" | grep '^failed-' > "$E2E_WORK/failed-before-restart"
"$E2E_ROOT/Postgres/cluster.sh" restart "$pg"
wait $FEED_A $FEED_B; FEED_A="" FEED_B=""
wait_until 120 all_decided 3
check "both gates kept running through the restart" kill -0 "$GATE_A" "$GATE_B"
stop_gate "$GATE_A"; stop_gate "$GATE_B"; GATE_A="" GATE_B=""
failed=$(ls "$E2E_WORK/markers-3" | grep '^failed-' | grep -cvxFf "$E2E_WORK/failed-before-restart")
check "the restart hit a ledger batch in flight: its COMMIT failed ($failed failed marker(s) written after the restart began)" test "$failed" -ge 1
check "no batch is left holding: every other COMMIT of round 3 completed" test "$(markers 3 holding)" -eq 0
verify_round 3 "PostgreSQL restarted mid-run"
after_restart() { tail -c +$((offset_a + 1)) "$E2E_WORK/a/daemon.log"; tail -c +$((offset_b + 1)) "$E2E_WORK/b/daemon.log"; }
check "the lost connection was a fault the gates logged after the restart, and recovered from" \
    test "$(after_restart | grep -c 'cannot record incidents in the ledger')" -ge 1 -a "$(after_restart | grep -c 'fault cleared')" -ge 1
echo "  (t-24 took $((SECONDS - started_at)) s)"
