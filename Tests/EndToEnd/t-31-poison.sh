# A draft that kills the gate, under the shipped unit in a real systemd 252 (issue 21):
# - poison: the gate is killed (SIGKILL, as the OOM killer or a crash would end it) twice
#   exactly while one draft is being decided (the in-flight record, read with the gate
#   frozen, proves where each kill landed). The culprit is then rejected with DRAFT_POISON
#   and quarantined; the five innocent drafts of its batch are decided normally;
#   NRestarts stays 2, the unit is active, another partner's draft is decided.
# - watchdog: one batch that takes well over WatchdogSec to decide (under a 5 s
#   drop-in) is fed as its drafts are decided, and nothing is restarted.
# - start limit: eight kills in a row, quicker than systemd's default start limit
#   (5 starts in 10 s) allows, leave the unit active.
# In the first two parts the gate runs on a fraction of a core (CPUQuota), so that the
# quota more than the machine's speed sets how long a draft takes.
source "$(dirname "$0")/lib.sh"
trap stop_systemd EXIT
began=$SECONDS
fails_before=$(grep -c '^fail$' "$E2E_RESULTS")

boot_systemd || { fail "systemd boots in a namespace"; exit 1; }
install_gate
spool=/var/spool/supportgate
record=$spool/.in-flight
example="$E2E_ROOT/Config/examples/azure-billing-own.draft.json"
unit_value() { ns systemctl show -p "$1" --value supportgate.service; }
results_named() { ns sh -c "find $spool/accepted $spool/rejected -mindepth 2 -maxdepth 2 -type f -name '$1'" | grep -c . ; }
# make_draft FILE ID [PAD]: the billing example under draftId ID; with PAD, a 240 kB
# unknown field too, which takes the debug build about a tenth of a second to read.
make_draft() {
    python3 - "$example" "$@" <<'PY'
import json, sys
example, out, draft_id = sys.argv[1], sys.argv[2], sys.argv[3]
draft = dict(json.load(open(example)), draftId=draft_id)
if len(sys.argv) > 4:
    draft["padding"] = "x" * 240_000
open(out, "w").write(json.dumps(draft))
PY
    chmod 0644 "$1"
}
# restarted_from PID: the unit runs again under another main process.
restarted_from() {
    wait_until 30 sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p systemctl show -p MainPID --value supportgate.service)\" != '$1' ] &&
        nsenter -t $SYSTEMD_PID -m -p systemctl is-active supportgate.service | grep -qx active"
}
# record_names_culprit FILE [alone]: the record in FILE names the culprit; with "alone",
# it names the culprit only, with one strike (a record left by the gate killed before,
# which names the whole batch, does not match).
record_names_culprit() {
    if [ "${2:-}" = alone ]; then
        [ "$(grep -c . "$1")" -eq 1 ] && grep -q '^1 [0-9]*-poison-culprit.json$' "$1"
    else
        grep -q -- '-poison-culprit.json$' "$1"
    fi
}
# kill_while_in_flight SAVE [alone]: waits until the record names the culprit, freezes
# the gate, and kills it (SIGKILL) only if the record, read while it is frozen, still does;
# that record is saved to SAVE. Otherwise it thaws the gate and waits on.
kill_while_in_flight() {
    local save=$1 mode=${2:-} deadline=$((SECONDS + 60)) pid
    while ((SECONDS < deadline)); do
        ns cat "$record" 2>/dev/null | tr '\0' '\n' > "$save"
        if record_names_culprit "$save" "$mode"; then
            pid=$(unit_value MainPID)
            ns kill -STOP "$pid"
            ns cat "$record" 2>/dev/null | tr '\0' '\n' > "$save"
            if record_names_culprit "$save" "$mode"; then
                ns kill -KILL "$pid"
                KILLED_PID=$pid
                return 0
            fi
            ns kill -CONT "$pid"
        fi
        sleep 0.02
    done
    return 1
}

# --- poison: two kills while one draft is being decided ------------------------------
# At a tenth of a core the batch is in flight long enough (a second or so) to be caught.
ns systemctl set-property --runtime supportgate.service CPUQuota=10%
mkdir -p "$E2E_WORK/poison"
make_draft "$E2E_WORK/poison/poison-culprit.json" poison-culprit pad
for i in 1 2 3 4 5; do make_draft "$E2E_WORK/poison/poison-innocent-$i.json" "poison-innocent-$i"; done
as_contoso sh -c "cp $E2E_WORK/poison/*.json $spool/incoming/"
ns systemctl start --no-block supportgate.service

kill_while_in_flight "$E2E_WORK/record-1"
first_kill=$?
check "first kill landed while the culprit and its batch were being decided (record: $(grep -c . "$E2E_WORK/record-1") drafts)" \
    sh -c "[ $first_kill -eq 0 ] && [ \$(grep -c 'poison-' '$E2E_WORK/record-1') -eq 6 ]"
first_pid=$KILLED_PID

# Watched from the kill on: the next gate may take the culprit first, right after READY=1.
kill_while_in_flight "$E2E_WORK/record-2" alone
second_kill=$?
check "second kill landed in the next gate, while the culprit alone was being decided, with one strike: $(tr '\n' ' ' < "$E2E_WORK/record-2")" \
    sh -c "[ $second_kill -eq 0 ] && [ '$KILLED_PID' != '$first_pid' ]"
check "no draft was quarantined after one abnormal exit" sh -c "[ -z \"\$(nsenter -t $SYSTEMD_PID -m -p ls -A $spool/quarantine)\" ]"
cursor=$(ns journalctl --show-cursor -n 1 -o cat | sed -n 's/^-- cursor: //p')
restarted_from "$KILLED_PID"
wait_until 30 sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p sh -c 'find $spool/accepted $spool/rejected -mindepth 2 -maxdepth 2 -name \"poison-*\"' | wc -l) -ge 6 ]"
# Originals move once their results are durable, a moment later (the worker archives them).
wait_until 30 sh -c "[ -z \"\$(nsenter -t $SYSTEMD_PID -m -p ls -A $spool/processing)\" ]"

check "the culprit is rejected unread with DRAFT_POISON, on its submitter's shelf" \
    ns sh -c "grep -q '\"code\": \"DRAFT_POISON\"' $spool/rejected/uid-1001/poison-culprit.unreadable-*.json"
check "its original, and only it, is in quarantine/" sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p ls -A $spool/quarantine | sed 's/^[0-9]*-//')\" = poison-culprit.json.head ]"
check "the five innocent drafts of its batch are accepted normally" test "$(results_named 'poison-innocent-?.json')" -eq 5
check "their originals are archived, none quarantined" sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p ls $spool/archive | grep -c 'poison-innocent-') -eq 5 ]"
check "NRestarts is 2, below the default start limit (5), and the unit is active" \
    sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p systemctl show -p NRestarts --value supportgate.service)\" = 2 ] && nsenter -t $SYSTEMD_PID -m -p systemctl is-active supportgate.service | grep -qx active"
after=$(ns journalctl --after-cursor="$cursor" -o json -u supportgate.service --no-pager)
check "after the second kill the gate logged the abnormal exit, the poison draft by its claim, and its DRAFT_POISON decision" python3 -c '
import json, sys
entries = [json.loads(line) for line in sys.argv[1].splitlines() if line.strip()]
assert any(e.get("DRAFTS_IN_FLIGHT") == "1" for e in entries), "no abnormal exit entry"
assert any(e.get("CLAIM_FILE", "").endswith("-poison-culprit.json") and e.get("PRIORITY") == "3" for e in entries), "no poison entry"
assert any(e.get("DRAFT_ID") == "poison-culprit" and e.get("REASON_CODES") == "DRAFT_POISON" for e in entries), "no decision"
' "$after"
check "processing/ is empty: no record, no strikes left" sh -c "[ -z \"\$(nsenter -t $SYSTEMD_PID -m -p ls -A $spool/processing)\" ]"
sed 's/c0a70500-0000-4000-8000-000000000001/fab00000-0000-4000-8000-000000000003/g; s/"draftId": "azure-billing-own"/"draftId": "poison-fabrikam"/' "$example" > "$E2E_WORK/fabrikam.json"
chmod 0644 "$E2E_WORK/fabrikam.json"
as_uid 1003 cp "$E2E_WORK/fabrikam.json" "$spool/incoming/fabrikam.json"
wait_until 10 sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p find $spool/accepted/fab00000-0000-4000-8000-000000000003 $spool/rejected/fab00000-0000-4000-8000-000000000003 -name 'poison-fabrikam*' 2>/dev/null | wc -l) -ge 1 ]"
check "another partner's (Fabrikam's) draft is decided on its own shelf" \
    sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p find $spool/accepted/fab00000-0000-4000-8000-000000000003 $spool/rejected/fab00000-0000-4000-8000-000000000003 -name 'poison-fabrikam*' 2>/dev/null | wc -l) -ge 1 ]"

# --- watchdog: fed as drafts are decided, not once a batch ---------------------------
# Twenty slow drafts in one batch at 5 % of a core (set once the gate is ready): about
# 0.7 s each on a quiet machine, 2.7 s on one loaded tenfold, against WatchdogSec=5s; the
# batch takes well over WatchdogSec either way.
ns mkdir -p /run/systemd/system/supportgate.service.d
printf '[Service]\nWatchdogSec=5s\nTimeoutAbortSec=2s\n' | ns tee /run/systemd/system/supportgate.service.d/watchdog.conf >/dev/null
ns systemctl daemon-reload
ns systemctl stop supportgate.service
python3 - "$example" "$E2E_WORK/slow" 20 <<'PY'
import json, os, sys
example, out, count = json.load(open(sys.argv[1])), sys.argv[2], int(sys.argv[3])
os.makedirs(out, exist_ok=True)
for i in range(count):
    with open(f"{out}/slow-{i:03d}.json", "w") as f:
        json.dump(dict(example, draftId=f"slow-{i:03d}", padding="x" * 240_000), f)
PY
chmod 0644 "$E2E_WORK"/slow/*.json
as_contoso sh -c "cp $E2E_WORK/slow/*.json $spool/incoming/"
ns systemctl start supportgate.service
ns systemctl set-property --runtime supportgate.service CPUQuota=5%
pid=$(unit_value MainPID)
batch_began=$SECONDS
wait_until 240 sh -c "[ \$(nsenter -t $SYSTEMD_PID -m -p sh -c 'find $spool/rejected -mindepth 2 -maxdepth 2 -name \"slow-*\"' | wc -l) -ge 20 ]"
took=$((SECONDS - batch_began))
check "one batch of 20 slow drafts took $took s, well over WatchdogSec (5 s)" test "$took" -ge 7
check "all 20 were decided and the gate was never restarted (same main PID, no watchdog timeout)" \
    sh -c "[ \"\$(nsenter -t $SYSTEMD_PID -m -p sh -c 'find $spool/rejected -mindepth 2 -maxdepth 2 -name \"slow-*\"' | wc -l)\" -eq 20 ] &&
        [ \"\$(nsenter -t $SYSTEMD_PID -m -p systemctl show -p MainPID --value supportgate.service)\" = '$pid' ] &&
        ! nsenter -t $SYSTEMD_PID -m -p journalctl -u supportgate.service -o cat --no-pager | grep -qi 'watchdog timeout'"

# --- start limit: a crash loop never leaves the unit stopped --------------------------
# Each new gate is killed as soon as it exists, as a draft that crashed every gate at start
# would; RestartSec=100ms (a drop-in) makes the loop quicker than the default start limit
# (5 starts in 10 s) allows, which the unit's StartLimitIntervalSec=0 turns off.
ns mkdir -p /run/systemd/system/supportgate.service.d
printf '[Service]\nRestartSec=100ms\n' | ns tee /run/systemd/system/supportgate.service.d/restart.conf >/dev/null
ns systemctl daemon-reload
ns systemctl set-property --runtime supportgate.service CPUQuota=
restarts_before=$(unit_value NRestarts)
loop_began=$SECONDS
kills=0
pid=$(unit_value MainPID)
for _ in 1 2 3 4 5 6 7 8; do
    ns kill -KILL "$pid"
    wait_until 10 sh -c "p=\$(nsenter -t $SYSTEMD_PID -m -p systemctl show -p MainPID --value supportgate.service); [ \"\$p\" != 0 ] && [ \"\$p\" != '$pid' ]" || break
    pid=$(unit_value MainPID)
    kills=$((kills + 1))
done
wait_until 30 sh -c "nsenter -t $SYSTEMD_PID -m -p systemctl is-active supportgate.service | grep -qx active"
loop_took=$((SECONDS - loop_began))
check "8 kills in a row in $loop_took s: the unit is active, restarted each time (result: $(unit_value Result), quota $(unit_value CPUQuotaPerSecUSec))" \
    sh -c "[ $kills -eq 8 ] && [ \"\$(nsenter -t $SYSTEMD_PID -m -p systemctl show -p NRestarts --value supportgate.service)\" -eq $((restarts_before + 8)) ] &&
        nsenter -t $SYSTEMD_PID -m -p systemctl is-active supportgate.service | grep -qx active"
ns rm -f /run/systemd/system/supportgate.service.d/restart.conf
ns systemctl daemon-reload
make_draft "$E2E_WORK/after-loop.json" poison-after-loop
as_contoso cp "$E2E_WORK/after-loop.json" "$spool/incoming/after-loop.json"
wait_until 10 ns test -e "$spool/accepted/$CONTOSO/poison-after-loop.json"
check "after the crash loop a draft is decided" ns test -e "$spool/accepted/$CONTOSO/poison-after-loop.json"

# Near miss: what a restart cannot fix still stops the unit. A configuration the gate
# refuses exits 2, which is not restarted, start limit or not.
ns cp /etc/supportgate/supportgate.toml /etc/supportgate/supportgate.toml.good
echo 'spool = "not a table"' | ns tee -a /etc/supportgate/supportgate.toml >/dev/null
restarts_before=$(unit_value NRestarts)
ns systemctl restart supportgate.service 2>/dev/null
wait_until 10 sh -c "nsenter -t $SYSTEMD_PID -m -p systemctl is-failed supportgate.service | grep -qx failed"
sleep 1.5
check "a configuration error (exit $(unit_value ExecMainStatus)) leaves the unit failed, not restarted" \
    sh -c "nsenter -t $SYSTEMD_PID -m -p systemctl is-failed supportgate.service | grep -qx failed &&
        [ \"\$(nsenter -t $SYSTEMD_PID -m -p systemctl show -p ExecMainStatus --value supportgate.service)\" = 2 ] &&
        [ \"\$(nsenter -t $SYSTEMD_PID -m -p systemctl show -p NRestarts --value supportgate.service)\" -le $restarts_before ]"
ns mv /etc/supportgate/supportgate.toml.good /etc/supportgate/supportgate.toml

echo "  t-31-poison took $((SECONDS - began)) s"
if [ "$(grep -c '^fail$' "$E2E_RESULTS")" -gt "$fails_before" ]; then
    echo "  the gate's journal, for the failures above:"
    ns journalctl -u supportgate.service -o short-monotonic --no-pager | grep -v cgroup | tail -n 80 | sed 's/^/      /'
fi
