# Two gates on two spools share one PostgreSQL ledger (Debian's server, a throwaway
# cluster): 1,000 drafts each, dropped at the same time, against one entitlement with 100
# incidents. Half of each gate's draft ids are dropped at the other gate too (the same
# bytes, except ten with other bytes). Exactly 100 are accepted in all, every drop has one
# result, no draft id is decided twice (a shared id's results at both gates are one
# decision), and the ledger holds exactly the accepted drafts' decisions. Then the same
# with one gate killed -9 again and again mid-run, and with PostgreSQL restarted mid-run.
source "$(dirname "$0")/lib.sh"
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
start_gate() { # start_gate NAME: sets GATE_A or GATE_B
    start_daemon "$E2E_WORK/$1"
    if [ "$1" = a ]; then GATE_A=$DAEMON_PID; else GATE_B=$DAEMON_PID; fi
    DAEMON_PID=""
}
stop_gate() { local pid=$1; [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; }
all_decided() { # all_decided ROUND
    [ "$(find "$E2E_WORK/a/spool/accepted" "$E2E_WORK/a/spool/rejected" "$E2E_WORK/b/spool/accepted" "$E2E_WORK/b/spool/rejected" \
        -mindepth 2 -maxdepth 2 -name "pg$1-*" | wc -l)" -ge 2000 ]
}
verify_round() { # verify_round ROUND WHAT
    local claim="$2: 2,000 drops of 1,500 ids: exactly 100 accepted across both gates, 1,400 ENTITLEMENT_EXHAUSTED (or DRAFT_POISON after kills, never decided), 10 DRAFT_DUPLICATE, no id decided twice, the ledger holds exactly the accepted decisions and every id's decision"
    python3 - "$E2E_WORK" "$1" "$(sql "SELECT draft_id || ' ' || decision_id FROM consumption WHERE draft_id LIKE 'pg$1-%' AND released_at IS NULL")" \
        "$(sql "SELECT draft_id || ' ' || decision_id FROM decided_draft WHERE draft_id LIKE 'pg$1-%'")" <<'PY' && pass "$claim" || fail "$claim"
import json, pathlib, sys
work, round_, consumed, decided_rows = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
decisions, outcome, duplicates, poison = {}, {}, [], set()
for gate, ids in (("a", range(0, 1000)), ("b", range(500, 1500))):
    seen = set()
    for path in (work / gate / "spool").rglob(f"pg{round_}-*.json"):
        if path.parts[-3] not in ("accepted", "rejected"):
            continue
        result = json.loads(path.read_text())
        codes = [e["code"] for e in result["errors"]]
        assert result["draftId"] not in seen, ("two results at one gate", path)
        seen.add(result["draftId"])
        if codes == ["DRAFT_POISON"]:
            # In flight at two of round 2's kills (the second time alone): a poison draft by
            # definition (docs/spool.md). Never decided at this gate, it takes nothing.
            poison.add(result["draftId"])
            continue
        if ".dup-" in path.name:
            assert codes == ["DRAFT_DUPLICATE"], (path, codes)
            duplicates.append(result["draftId"])
            continue
        earlier = decisions.setdefault(result["draftId"], result["decisionId"])
        assert earlier == result["decisionId"], ("decided twice", result["draftId"])
        outcome[result["draftId"]] = result["decision"]
        if result["decision"] == "reject":
            assert codes == ["ENTITLEMENT_EXHAUSTED"], (path, codes)
    assert seen == {f"pg{round_}-{i:04d}" for i in ids}, (gate, "a drop without a result")
accepted = {draft: decisions[draft] for draft, decision in outcome.items() if decision == "accept"}
only_poison = poison - set(decisions)
assert len(decisions) + len(only_poison) == 1500, (len(decisions), poison)
assert len(accepted) == 100, len(accepted)
assert sum(1 for decision in outcome.values() if decision == "reject") + len(only_poison) == 1400
assert sorted(duplicates) == [f"pg{round_}-{i:04d}" for i in range(500, 510)], duplicates
ledger = dict(line.split(" ") for line in consumed.splitlines() if line)
assert ledger == accepted, "the ledger's consumptions and the accepted results disagree"
recorded = dict(line.split(" ") for line in decided_rows.splitlines() if line)
assert recorded == decisions, "the ledger's decided ids and the results disagree"
PY
}
reset_ledger() { sql "TRUNCATE consumption, entitlement_use, decided_draft"; }

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
check "each of the 490 ids dropped at both gates with the same bytes was adopted once, by the gate that came second (found $adoptions)" test "$adoptions" -eq 490
check "the same 100 in the ledger's count" test "$(sql "SELECT in_use FROM entitlement_use WHERE entitlement_id = 'contoso-premier-2026'")" -eq 100

# 2. Gate a killed -9 again and again while both are fed.
reset_ledger
make_round 2
start_gate b
feed 2 a; FEED_A=$!; feed 2 b; FEED_B=$!
for _ in $(seq 1 30); do
    start_gate a
    sleep "0.0$(( RANDOM % 9 + 1 ))$(( RANDOM % 10 ))"
    kill -9 "$GATE_A" 2>/dev/null; wait "$GATE_A" 2>/dev/null; GATE_A=""
done
wait $FEED_A $FEED_B; FEED_A="" FEED_B=""
start_gate a
wait_until 120 all_decided 2
stop_gate "$GATE_A"; stop_gate "$GATE_B"; GATE_A="" GATE_B=""
verify_round 2 "gate a killed -9 thirty times mid-run"
check "no draft left in either gate's incoming/ or processing/" no_entries "$E2E_WORK/a/spool/incoming" "$E2E_WORK/a/spool/processing" "$E2E_WORK/b/spool/incoming" "$E2E_WORK/b/spool/processing"

# 3. PostgreSQL restarted while both gates decide.
reset_ledger
make_round 3
start_gate a; start_gate b
feed 3 a; FEED_A=$!; feed 3 b; FEED_B=$!
sleep 0.5
"$E2E_ROOT/Postgres/cluster.sh" restart "$pg"
wait $FEED_A $FEED_B; FEED_A="" FEED_B=""
wait_until 120 all_decided 3
check "both gates kept running through the restart" kill -0 "$GATE_A" "$GATE_B"
stop_gate "$GATE_A"; stop_gate "$GATE_B"; GATE_A="" GATE_B=""
verify_round 3 "PostgreSQL restarted mid-run"
check "the lost connection was a fault the gates logged and recovered from" \
    sh -c "cat '$E2E_WORK/a/daemon.log' '$E2E_WORK/b/daemon.log' | grep -q 'cannot record incidents in the ledger' && cat '$E2E_WORK/a/daemon.log' '$E2E_WORK/b/daemon.log' | grep -q 'spool fault cleared'"
