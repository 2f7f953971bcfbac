# Two gates on two spools share one PostgreSQL ledger (Debian's server, a throwaway
# cluster): 1,000 drafts each, dropped at the same time, against one entitlement with 100
# incidents. Exactly 100 are accepted in all, every draft has one result, and the ledger
# holds exactly the accepted drafts' decisions. Then the same with one gate killed -9
# again and again mid-run, and with PostgreSQL restarted mid-run.
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
make_round() { # make_round ROUND: 1,000 drafts per gate, ids unique across gates and rounds
    python3 - "$E2E_WORK" "$E2E_ROOT" "$1" <<'PY'
import json, pathlib, sys
work, root, round_ = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
draft = json.loads((root / "Config/examples/azure-technical-own-premier.draft.json").read_text())
for gate in ("a", "b"):
    out = work / f"source-{round_}-{gate}"
    out.mkdir(parents=True)
    for i in range(1000):
        draft["draftId"] = f"pg{round_}-{gate}-{i:04d}"
        (out / f"{draft['draftId']}.json").write_text(json.dumps(draft))
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
    python3 - "$E2E_WORK" "$1" "$(sql "SELECT draft_id || ' ' || decision_id FROM consumption WHERE draft_id LIKE 'pg$1-%' AND released_at IS NULL")" <<'PY' \
        && pass "$2: 2,000 drafts, exactly 100 accepted across both gates, 1,900 ENTITLEMENT_EXHAUSTED, the ledger holds exactly the accepted decisions" \
        || fail "$2: 2,000 drafts, exactly 100 accepted across both gates, 1,900 ENTITLEMENT_EXHAUSTED, the ledger holds exactly the accepted decisions"
import json, pathlib, sys
work, round_, rows = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
accepted, rejected = {}, 0
for gate in ("a", "b"):
    for path in (work / gate / "spool/accepted").rglob(f"pg{round_}-*.json"):
        result = json.loads(path.read_text())
        assert result["draftId"] not in accepted, ("decided twice", path)
        accepted[result["draftId"]] = result["decisionId"]
    for path in (work / gate / "spool/rejected").rglob(f"pg{round_}-*.json"):
        result = json.loads(path.read_text())
        assert [e["code"] for e in result["errors"]] == ["ENTITLEMENT_EXHAUSTED"], (path, result["errors"])
        rejected += 1
ledger = dict(line.split(" ") for line in rows.splitlines() if line)
assert len(accepted) == 100, len(accepted)
assert rejected == 1900, rejected
assert ledger == accepted, "the ledger and the accepted results disagree"
PY
}
reset_ledger() { sql "TRUNCATE consumption, entitlement_use"; }

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
